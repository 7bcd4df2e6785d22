"""Loss curves in the terminal: Unicode blocks, log scale when it helps, blow-ups marked."""

from __future__ import annotations

import io
import math

from checker.report.charts.terminal import curve_lines, fit_lines, log_scale, sparkline
from checker.report.style import fit_to_stream


def test_sparkline_runs_from_the_lowest_to_the_highest_block():
    line = sparkline([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], width=8)

    assert line == "▁▂▃▄▅▆▇█"


def test_long_runs_are_averaged_into_the_width_and_short_ones_stretched():
    assert len(sparkline([float(i) for i in range(1000)], width=40)) == 40
    assert len(sparkline([3.0, 2.0, 1.0], width=30)) == 30


def test_curve_shows_first_and_last_loss_and_the_steps():
    losses = [1.0 - i / 20 for i in range(20)]

    lines = curve_lines(losses, height=3, label="loss")

    assert len(lines) == 4
    assert lines[0].startswith("loss 1 ")
    assert lines[2].endswith(" 0.05")
    assert "step 0" in lines[3] and "step 19" in lines[3]
    assert "log scale" not in lines[3]


def test_losses_spanning_decades_are_drawn_on_a_log_scale():
    losses = [0.5 * math.exp(-i / 50) for i in range(500)]

    lines = curve_lines(losses)

    assert "(log scale)" in lines[-1]
    bottom = lines[2]
    assert "▁" in bottom and "█" in bottom, "the tail is visible, not squashed to the floor"


def test_a_loss_that_blew_up_is_marked_where_it_happened():
    losses = [1.0, 0.5, 0.25, float("inf"), float("nan")]

    lines = curve_lines(losses, width=5, height=2)

    assert lines[1].split()[-2].endswith("××")
    assert lines[1].endswith("nan")


def test_nothing_to_draw_for_fewer_than_two_losses():
    assert curve_lines([]) == [] and curve_lines([0.3]) == []


def test_all_equal_losses_draw_a_flat_line():
    assert set(sparkline([0.2] * 10, width=10)) == {"▁"}


def test_fit_chart_puts_target_and_fit_on_their_rows():
    points = [(float(x), float(x), 0.0) for x in range(-4, 5)]  # target is a line, the fit is flat
    lines = fit_lines(points, height=5)
    body = [line[6:] for line in lines[:-1]]
    assert body[-1].startswith("·")  # the lowest target point, bottom row, first column
    assert body[2].count("●") == len(points)  # the flat fit sits on the middle row throughout
    assert lines[-1].strip().startswith("x = -4.00") and lines[-1].endswith("4.00")


def test_fit_drawn_over_the_target_shows_only_the_fit():
    points = [(x / 10, math.sin(x / 10), math.sin(x / 10)) for x in range(30)]
    assert "·" not in "".join(fit_lines(points))


def test_no_fit_chart_without_points():
    assert fit_lines([]) == [] and fit_lines([(0.0, float("nan"), 1.0)]) == []


def test_log_scale_from_more_than_two_decades_of_positive_values():
    assert log_scale([1.0, 0.001]) and not log_scale([1.0, 0.1])
    assert not log_scale([1.0, 0.0]), "zero has no logarithm"
    assert log_scale([1.0, float("nan"), 0.001]), "non-finite values are left out"


def test_on_an_ascii_stream_every_chart_draws_in_ascii_and_keeps_its_shape():
    fit = fit_to_stream(io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    losses = [1.0, 0.5, 0.25, 0.1, float("nan")]
    points = [(x / 10, math.sin(x / 10), math.cos(x / 10)) for x in range(30)] + [(3.0, 0.0, float("nan"))]

    charts = [sparkline([float(i) for i in range(8)], width=8), *curve_lines(losses, width=5), *fit_lines(points)]

    assert fit(charts[0]) == ".:-=+*%#", "the ramp still runs from low to high"
    "\n".join(fit(line) for line in charts).encode("ascii")  # every symbol a chart draws has a stand-in
