"""Who a complaint text says stands for the group: "张三代表李四等8人讨薪" (Chinese text parsing)."""

from __future__ import annotations

import re

# "张三代表李四等8人" / "由张三代表": the name before 代表 is the group's representative; the name
# after it ("代表李四等8人") is the first-named member. Both name someone who stands for the group.
_CJK = re.compile(r"[\u4e00-\u9fa5·]")
_NOT_NAMES = {"我们", "我", "本人", "工人", "大家", "农民工", "工友", "我们工人"}
_REP_AFTER = re.compile(r"代表\s*([\u4e00-\u9fa5·]{2,4}?)\s*等\s*\d+\s*[人名]")


def representative_names(text: str | None, known: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Names a complaint text gives as standing for the group.

    The name before 代表 ("张三代表…"); failing that, the first-named member in "代表X等N人".
    Before 代表 the name has no delimiter ("工地上刘大壮代表…"), so the longest 2–4 character tail of
    the preceding run that is a ``known`` name is taken; failing that, the run itself when it is
    2–4 characters long (a name at the start of a sentence).

    Parameters
    ----------
    text : str or None
        A claim's free text.
    known : set of str
        Names of the claimants, to find a name inside a longer run of characters.

    Returns
    -------
    list of str
        The names, each once, in the order of the text.

    Examples
    --------
    >>> representative_names("刘大壮代表李四等8人讨薪"), representative_names("工地上刘大壮代表大家", {"刘大壮"})
    (['刘大壮'], ['刘大壮'])
    >>> representative_names("我们代表李四等8人讨薪")
    ['李四']
    """
    if not text:
        return []
    text = str(text)
    out = []
    start = text.find("代表")
    while start >= 0:
        i = start
        while i > 0 and start - i < 8 and _CJK.match(text[i - 1]):
            i -= 1
        run = text[i:start]
        run = run[1:] if run.startswith("由") else run
        tails = [run[-k:] for k in (4, 3, 2) if len(run) >= k and run[-k:] in known]
        if tails:
            out.append(tails[0])
        elif 2 <= len(run) <= 4 and (i == 0 or not _CJK.match(text[i - 1])) and run not in _NOT_NAMES:
            out.append(run)
        start = text.find("代表", start + 2)
    if not out:
        out = [m.group(1) for m in _REP_AFTER.finditer(text)]
    return list(dict.fromkeys(out))
