"""What a procedure question is about: registering, paying, choosing a clinic, filing for care elsewhere,
claiming. A heading or sentence on paying ("1.线上缴费方式:") does not answer how to register."""

from __future__ import annotations

PROCEDURES = {"登记": ("登记",), "缴费": ("缴费", "交钱", "交费", "缴纳", "扣款"), "选点": ("选点",),
              "备案": ("备案",), "报销": ("报销",)}


def other_procedure(norm: str, text: str) -> bool:
    """The question names a procedure and `text` names only other ones ("参保登记在手机上怎么弄" vs
    "线上缴费方式")."""
    asked = {p for p, words in PROCEDURES.items() if any(w in norm for w in words)}
    said = {p for p, words in PROCEDURES.items() if any(w in text for w in words)}
    return bool(asked and said and not asked & said)
