"""The version of the rules: what a save was played under.

Bump it with any change that can move a game's results (a rule, a default number, the
stock catalogue's effects).  A save records it, so replaying a save made under other
rules says the rules changed instead of calling the save edited or corrupted.
"""

from __future__ import annotations

from typing import Final

RULES_VERSION: Final = 2
