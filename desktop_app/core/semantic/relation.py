"""What the right passage does with the left one: quotes, restates or answers it.

Deliberately simple and measured on the gold set (see ``benchmarks/semantic``):
shared wording decides "quotes"; words of contrast, denial or correction in
the right passage that the left does not use decide "answers"; anything else
linked is "restates". A rebuttal that answers in a neutral voice reads as
"restates": cues are the only evidence a sentence pair gives.
"""

from __future__ import annotations

import re

from desktop_app.core.model import RelationKind

QUOTE_FUZZ = 80.0  # token_set_ratio from which the right passage repeats the left's words

_CUES = re.compile(
    r"\b(?:but|however|yet|although|though|whereas|nevertheless|nonetheless|instead|rather"
    r"|not|no|never|nor|nothing|none|cannot|can't|won't|isn't|aren't|wasn't|don't|doesn't"
    r"|didn't|neither|wrong|mistake|mistaken|false|falsely|untrue|myth|nonsense|absurd"
    r"|claim|claims|claimed|alleged|allegedly|supposedly|so-called|contrary|contrast"
    r"|fail|fails|failed|ignore|ignores|misread|misreads|misunderstand|error|deny|denies"
    r"|denied|dispute|disputes|reject|rejects|in fact|actually|indeed)\b",
    re.IGNORECASE,
)


def cue_count(text: str) -> int:
    """Words of contrast, denial or correction in ``text``."""
    return len(_CUES.findall(text))


def relation_of(left: str, right: str, fuzzy: float, quoted: bool = False) -> RelationKind:
    """The relation of ``right`` to ``left`` given their ``token_set_ratio`` (0..100).

    ``quoted``: a quote link already joins the two passages.
    """
    if quoted or fuzzy >= QUOTE_FUZZ:
        return RelationKind.QUOTES
    if cue_count(right) > cue_count(left):
        return RelationKind.ANSWERS
    return RelationKind.RESTATES
