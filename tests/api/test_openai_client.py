"""The official `openai` client against the real server on 127.0.0.1."""

import pytest
from openai import OpenAI

from bot.bench.server import running_server


@pytest.fixture(scope="module")
def base_url(bot, settings):
    with running_server(settings) as url:
        yield url


def test_non_streaming(base_url):
    client = OpenAI(base_url=f"{base_url}/v1", api_key="unused")
    reply = client.chat.completions.create(model="yibao", messages=[
        {"role": "user", "content": "平阳县县级医院住院花了2万能报多少"}])
    text = reply.choices[0].message.content
    assert "13370" in text and "来源" in text


def test_streaming(base_url):
    client = OpenAI(base_url=f"{base_url}/v1", api_key="unused")
    stream = client.chat.completions.create(model="yibao", stream=True, messages=[
        {"role": "user", "content": "中山怎么选定点医院"}])
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert "中山" in text and "[1]" in text


def test_history_follow_up(base_url):
    client = OpenAI(base_url=f"{base_url}/v1", api_key="unused")
    reply = client.chat.completions.create(model="yibao", messages=[
        {"role": "user", "content": "平阳县住院花了2万能报多少"},
        {"role": "assistant", "content": "请问是在哪一类医疗机构住院?"},
        {"role": "user", "content": "县内县级医院"}])
    assert "13370" in reply.choices[0].message.content
