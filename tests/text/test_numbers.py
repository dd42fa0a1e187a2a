from decimal import Decimal

import pytest

from bot.text.numbers import find_numbers, parse_chinese


@pytest.mark.parametrize("text, value", [
    ("三千八", 3800), ("二万五", 25000), ("两万", 20000), ("一万二千", 12000), ("十二万", 120000),
    ("一百五", 150), ("八百", 800), ("一千零五十", 1050), ("十", 10), ("三十万", 300000), ("一万四", 14000),
])
def test_parse_chinese(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize("text, values", [
    ("住院花了2万", [20000]),
    ("1.5万元", [15000]),
    ("20000元", [20000]),
    ("两万块", [20000]),
    ("花了3w", [30000]),
    ("花了2万5", [25000]),
    ("住院花了1万2", [12000]),
    ("1万5千块", [15000]),
    ("2万500块", [20500]),
    ("3千5", [3500]),
    ("花了2万,5月份又住院", [20000, 5]),
    ("2万5月又住院", [20000, 5]),
])
def test_find_numbers(text, values):
    assert [n.value for n in find_numbers(text)] == [Decimal(v) for v in values]
