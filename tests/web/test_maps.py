"""Map pieces without a browser: bands of whole counts, drawn outlines in the boundaries' units."""

from __future__ import annotations

import re

from msoc.web.maps import SHADES, area_map, count_bands, outline_paths, ring_path, shapes


def test_count_bands_are_whole_numbers_and_cover_every_count() -> None:
    bands, classes = count_bands({1: 4, 2: 1, 3: 0, 4: 3}, str)
    assert [b.label for b in bands] == ["0", "1", "2", "3", "4"]
    assert classes == {1: 4, 2: 1, 3: 0, 4: 3}
    bands, classes = count_bands({1: 100, 2: 21, 3: 20, 4: 1}, str)
    assert [b.label for b in bands][1:3] == ["1 – 20", "21 – 40"] and bands[-1].colour == SHADES[-1]
    assert classes == {1: 5, 2: 2, 3: 1, 4: 1}
    assert [b.label for b in count_bands({1: 0}, str)[0]] == ["0"]


def test_a_drawn_ring_lands_inside_its_province() -> None:
    # A small square around Korat's city hall (102.10 E, 14.97 N) falls in TH30's box.
    ring = [[102.05, 14.92], [102.15, 14.92], [102.15, 15.02], [102.05, 15.02], [102.05, 14.92]]
    path = ring_path(ring)
    xs = [int(x) for x in re.findall(r"(-?\d+) -?\d+", path)]
    ys = [int(y) for y in re.findall(r"-?\d+ (-?\d+)", path)]
    _name, (x0, y0, x1, y1), _d = shapes("province")["TH30"]
    assert all(x0 <= x <= x1 for x in xs) and all(y0 <= y <= y1 for y in ys)
    assert ring_path(ring[:2]) == ""


def test_outlines_are_drawn_over_the_areas_and_named_in_the_legend() -> None:
    edge = outline_paths("district", [3001, 9999])
    assert len(edge) == 1  # an unknown code has no boundary
    drawn = area_map(
        "subdistrict", [300101], {300101: 0}, [*count_bands({300101: 0}, str)[0]],
        title="t", outlines=edge, outline_label="ขอบเขตพื้นที่ภัย",
    )  # fmt: skip
    svg = drawn.svg
    assert svg.index('data-code="300101"') < svg.index('class="outline"')
    assert "ขอบเขตพื้นที่ภัย</li>" in svg  # the legend names the edge
