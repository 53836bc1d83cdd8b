"""Official-document grammar: repeated captures, uncounted slogans, lessons, Chinese-numeral
figures and joined names of works. The texts are written for the tests."""

from __future__ import annotations

from luoshi.ingest import ingest_text, normalise
from luoshi.ingest.model import Item


def titles(items: list[Item]) -> list[str]:
    return [i.title for i in items]


_PAGE = (
    "某县政府工作报告\n"
    "一、过去一年的工作\n"
    "过去一年，全县上下团结一心，克服困难，较好地完成了县人代会确定的各项任务。\n"
    "各位代表！\n"
    "二、今年的主要任务\n"
    "今年是承上启下的关键一年，我们要把稳增长摆在更加突出的位置，抓好以下工作。\n"
    "（一）主要目标\n"
    "全县生产总值增长百分之六左右，城乡居民收入同步增长。\n"
    "三、加强政府自身建设\n"
    "（一）主要目标\n"
    "各级政府要坚持依法行政，建设人民满意的服务型政府，切实改进工作作风。\n"
)


def test_a_page_captured_several_times_keeps_one_copy_of_its_short_headings() -> None:
    chrome = "当前位置：首页 > 政务公开\n【字体：大 中 小】\n"
    draft = ingest_text(_PAGE + (chrome + _PAGE) * 3)
    assert titles(draft.items) == ["过去一年的工作", "今年的主要任务", "加强政府自身建设"]
    # a short heading repeated under another section, before another paragraph, is kept
    assert titles(draft.items[2].children) == ["主要目标"]
    assert normalise(_PAGE).text.count("（一）主要目标") == 2
