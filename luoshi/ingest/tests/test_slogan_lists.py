"""Counted slogans whose lists follow their colon: clauses with figures, 一是… runs, ASCII commas."""

from luoshi.ingest.structure import find_outline


def _items(text: str, name: str) -> list[str]:
    outline = find_outline(text)
    return next(s for s in outline.slogans if s.name == name).items and [
        n.title for n in next(s for s in outline.slogans if s.name == name).items
    ]


def test_figure_clauses_up_to_semicolons() -> None:
    text = "去年实现了“三个增长”。\n“三个增长”：产值12亿元，增长8%；收入3亿元，增长6%；投资9亿元，增长10%。\n"
    assert _items(text, "三个增长") == ["产值12亿元，增长8%", "收入3亿元，增长6%", "投资9亿元，增长10%"]


def test_ordinal_run_after_colon() -> None:
    text = "“三个突破”：一是园区建设取得新突破。新建厂房两栋。二是招商工作取得新突破。三是城乡建设取得新突破。\n下一段。\n"
    assert _items(text, "三个突破") == ["园区建设取得新突破", "招商工作取得新突破", "城乡建设取得新突破"]


def test_ordinal_run_cut_at_the_end_of_the_text() -> None:
    text = "“四个突破”：一是园区建设取得新突破。二是招商工作取得新突破。三是城乡"
    assert _items(text, "四个突破") == ["园区建设取得新突破", "招商工作取得新突破"]


def test_ordinal_run_short_of_its_count_inside_a_text_is_not_taken() -> None:
    text = "“四个突破”：一是园区建设取得新突破。二是招商工作取得新突破。\n下一段说别的事。\n"
    assert not _items(text, "四个突破")


def test_ascii_comma_before_ji() -> None:
    text = "还有三条要求,称为“三硬要求”,即质量是硬标准、进度是硬任务、安全是硬底线。\n"
    assert _items(text, "三硬要求") == ["质量是硬标准", "进度是硬任务", "安全是硬底线"]
