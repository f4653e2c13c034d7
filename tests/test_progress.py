"""Progress bars of long commands (issue 20): a bar on a terminal, nothing otherwise."""

from __future__ import annotations

import io

from msoc.progress import each, quiet, steps


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_no_bar_and_no_output_off_a_terminal() -> None:
    stream = io.StringIO()
    with steps(3, "households index", stream=stream) as step:
        assert step is quiet
        step("อ่านทะเบียน")
    items = [1, 2, 3]
    assert each(items, "report import", stream=stream) is items
    assert stream.getvalue() == ""


def test_a_bar_names_each_step_on_a_terminal() -> None:
    stream = Terminal()
    with steps(2, "households index", stream=stream) as step:
        step("อ่านทะเบียน")
        step("คำนวณดัชนี")
    out = stream.getvalue()
    assert "households index" in out and "คำนวณดัชนี" in out and "2/2" in out
    stream = Terminal()
    assert list(each([1, 2, 3], "report import", unit="ไฟล์", stream=stream)) == [1, 2, 3]
    assert "3/3" in stream.getvalue()
