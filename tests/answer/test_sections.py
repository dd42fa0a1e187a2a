"""Class 1: a "how" question that names a channel gets that channel's section, steps complete and in order."""

import pytest

from bot.answer.sections import asked_channels


@pytest.mark.parametrize("norm, has, lacks", [
    ("中山门诊选点在手机上咋弄", "线上", "线下"),
    ("在中山想去窗口办选点,要带什么证件", "线下", "线上"),
    ("不想用小程序,中山的选点能不能在广东政务服务网上办", "政务服务网", "小程序"),
    ("中山门诊选点能不能在电脑上网站里办?怎么弄", "政务服务网", "线下"),  # 能不能 asks, it does not refuse
    ("我妈手机一点不会用,中山选点能不能去现场办,要带啥", "线下", "小程序"),  # the negation after the channel
    ("我不大用手机,用电脑能在网上办中山选点吗", "政务服务网", "小程序"),
])
def test_the_channel_asked_for(norm, has, lacks):
    channels = asked_channels(norm)
    assert has in channels and lacks not in channels


def test_an_asker_who_cannot_use_a_phone_names_no_channel():
    """"不会玩智能手机": the text's own advice for such askers answers, not the online steps."""
    assert asked_channels("我爸七十多了不会玩智能手机,在中山怎么给他办门诊选点") == set()


@pytest.mark.parametrize("question, first_line, steps", [
    ("中山门诊选点在手机上咋弄?", "使用“粤医保”微信小程序", ["1. 打开微信", "2. 在首页“业务办理”栏", "3. 点击“新增选点”"]),
    ("在中山想去窗口办选点,要带什么证件?", "线下办理方式", ["1. 参保人凭本人及代办人", "2. 首次选点立即生效"]),
    ("中山的选点能在广东政务服务网上办吗?怎么操作", "使用广东政务服务网", ["1. 登陆广东政务服务网", "3. 下载表格"]),
    ("中山门诊选点能不能在电脑上网站里办?怎么弄", "使用广东政务服务网", ["1. 登陆广东政务服务网", "3. 下载表格"]),
    # 电脑 and 网上 both lead to the website's own section, not to the online overview with the mini program
    ("我不大用手机,用电脑能不能在网上办中山的定点医院选点,是哪个网站", "使用广东政务服务网", ["1. 登陆广东政务服务网"]),
    ("我妈七十八了手机一点不会用,中山门诊选点能不能带她去现场办,要带啥证件", "线下办理方式", ["1. 参保人凭本人及代办人"]),
    # a short numbered line ending in a colon heads a list of channels
    ("潍坊居民医保在手机上怎么交钱", "1.线上缴费方式:[1]", ["(1)二维码缴费", "(2)支付宝缴费"]),
])
def test_the_steps_of_the_named_channel_in_order_across_passages(bot, question, first_line, steps):
    lines = bot.ask(question).answer.splitlines()
    assert lines[0] == first_line
    at = [next(i for i, line in enumerate(lines) if line.startswith(s)) for s in steps]
    assert at == sorted(at)
    assert not any(line.startswith("选点后的注意事项") for line in lines)  # the next part of the page is left out


def test_a_heading_on_another_procedure_does_not_answer():
    """"参保登记在手机上怎么弄" is not answered by the heading of the online ways to pay."""
    from bot.answer.procedures import other_procedure

    assert other_procedure("第一次参保登记在手机上怎么弄", "1.线上缴费方式:")
    assert not other_procedure("在手机上怎么交钱", "1.线上缴费方式:")
    assert not other_procedure("在手机上怎么弄", "1.线上缴费方式:")
