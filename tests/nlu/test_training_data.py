import pytest

from bot.core.errors import DataFileError
from bot.nlu.training_data import load_file, load_training_data


def test_training_data_loads_with_enough_examples(settings):
    data = load_training_data(settings.intents_dir)
    counts = {b.intent: len(b.examples) for b in data.nlu}
    assert set(counts) >= {"policy_qa", "contribution", "reimbursement", "chitchat", "out_of_scope"}
    assert all(n >= 40 for n in counts.values()), counts


@pytest.mark.parametrize("text, line, message", [
    ('version: "1"\nnlu:\n- intent: Bad Name\n  examples: |\n    - 你好\n', 3, "lower_snake_case"),
    ('version: "1"\nnlu:\n- intent: chitchat\n  examples: |\n    - 你好\n    谢谢\n', 6, "must start with '- '"),
    ('version: "1"\nnlu:\n- intent: chitchat\n  examples: [a, b]\n', 3, "block string"),
    ('version: "1"\nnlu:\n- intent: chitchat\n  examples: |\n   - 你好\n  - bad: [\n', None, "invalid YAML"),
])
def test_malformed_file_names_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "bad.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_file(path)
    assert message in str(err.value)
    assert "bad.yml" in str(err.value)
    if line:
        assert err.value.line == line
