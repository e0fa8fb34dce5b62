"""render with DISPLAY set but no X server answering is refused, as with no DISPLAY, not trained off-screen
(tester9e-15)."""

from conftest import make_spec, run_cli, write_spec
from gym_loop.gym_loop import x_server_answers as _x_server_answers


def test_render_on_a_dead_display_is_refused(tmp_path):
    assert not _x_server_answers(":97")  # no X server on this test machine's display 97
    write_spec(tmp_path / "run.yaml", make_spec(max_episodes=1, render=True))
    result = run_cli("-q", "train", "-c", "run.yaml", cwd=tmp_path,
                     env={"DISPLAY": ":97", "WAYLAND_DISPLAY": "", "SDL_VIDEODRIVER": ""})
    assert result.returncode == 2
    assert result.stderr == ("Error: loop.parameters.render: DISPLAY=:97 cannot be opened (no X server answers); set "
                             "it to false, or record videos instead (record: true)\n")
    assert not (tmp_path / "runs").exists()
