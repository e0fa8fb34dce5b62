"""A spec in UTF-16 with a byte order mark is read; one not in UTF-8 names the line and column and says to save it
as UTF-8 (tester9e-10)."""

from conftest import make_spec, run_cli, write_spec


def test_utf16_spec_is_read_and_latin1_is_refused_with_where(tmp_path):
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1))
    text = (tmp_path / "run.yaml").read_text(encoding="utf-8")
    (tmp_path / "u16.yaml").write_text(text, encoding="utf-16")
    result = run_cli("-q", "train", "-c", "u16.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tmp_path / "lat1.yaml").write_bytes("# résumé\n".encode("latin-1") + text.encode("utf-8"))
    result = run_cli("-q", "train", "-c", "lat1.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "Error: lat1.yaml:1:4: not UTF-8 (byte 0xe9); save the file as UTF-8\n"
