"""Keys acted on one at a time, in the order they were typed.

Textual hands each key from the terminal to whatever has focus *when the app reads it*,
and the key then travels up to its binding through one message queue per widget. Keys
typed in one burst are all read before the first has acted, so a key right after one
that opens or closes a window (`n` `h` `i` `ctrl+s` `k`) could reach the wrong screen,
or overtake the keys before it on a shorter way up. `KeyLine` holds each key read from
the terminal until the one before it has gone all the way: through every queue it
passes (the focused widget, its ancestors, the screen, the app, where bindings run)
and, if it changed the screen, until the new screen is mounted and focused. Only then
is the next key handed on, to what has focus then. The rule depends on no clock, only
on the order of the queues; a guard releases the line if a key's way is cut short (its
widget removed before the key reached it), so input never stalls for good.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.timer import Timer

STUCK_AFTER = 5.0
"""Seconds after which a key whose way was cut short stops holding the keys after it
(a last guard only: the line normally moves on as soon as the key has acted)."""

SCREEN_CHANGES = 3
"""How many screen changes one key may cause that the line waits for (a window that
opens another as it mounts)."""


class KeyLine:
    """The app's keys from the terminal, in a line (see the module docstring)."""

    def __init__(self, app: App[Any], dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        """``dispatch``: the app's own handling of a key read from the terminal (Textual's
        `App.on_event`), which sends it to what has focus."""
        self.app = app
        self.dispatch = dispatch
        self._waiting: deque[events.Key] = deque()
        self._busy = False
        self._turn = 0  # counts keys handed on; a late step of an earlier key is ignored
        self._guard: Timer | None = None

    @property
    def busy(self) -> bool:
        """A key has been handed on and has not finished acting yet."""
        return self._busy

    @property
    def held(self) -> int:
        """Keys read but not yet handed on."""
        return len(self._waiting)

    async def arrive(self, event: events.Key) -> None:
        """A key read from the terminal: handed on now, or after those before it."""
        if self._busy:
            self._waiting.append(event)
            return
        await self._hand_on(event)

    async def _hand_on(self, event: events.Key) -> None:
        self._busy = True
        self._turn += 1
        turn = self._turn
        screen = self.app.screen
        target: MessagePump = self.app.focused or screen
        await self.dispatch(event)
        if self._guard is not None:
            self._guard.stop()
        self._guard = self.app.set_timer(STUCK_AFTER, lambda: self._done(turn), name="key line")
        self._follow(self._way_up(target), 0, screen, SCREEN_CHANGES, turn)

    def _way_up(self, node: MessagePump) -> list[MessagePump]:
        """The queues a key sent to ``node`` passes on its way to the app's bindings."""
        way: list[MessagePump] = []
        current: MessagePump | None = node
        while current is not None and current is not self.app:
            way.append(current)
            current = current._parent
        way.append(self.app)
        return way

    def _follow(
        self, way: list[MessagePump], step: int, screen: Screen[Any], changes: int, turn: int
    ) -> None:
        """After each queue on the way has handled everything before this call (the key
        among it), go on to the next; at the end, wait for a changed screen the same way."""
        if turn != self._turn:
            return
        while step < len(way):
            node = way[step]
            step += 1
            if node.is_running and node.call_later(self._follow, way, step, screen, changes, turn):
                return
        now = self.app.screen
        if now is not screen and changes > 0:
            self._follow([now, self.app], 0, now, changes - 1, turn)
            return
        self._done(turn)

    def _done(self, turn: int) -> None:
        """The key of ``turn`` has acted: the next one, if any, is handed on."""
        if turn != self._turn:
            return
        self._turn += 1  # a late step of this key (after the guard) finds nothing to do
        if self._guard is not None:
            self._guard.stop()
            self._guard = None
        if self._waiting:
            self.app.call_later(self._hand_on, self._waiting.popleft())
        else:
            self._busy = False
