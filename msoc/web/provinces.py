"""An offline tile map of Thailand: the 77 provinces on a grid by region, drawn as SVG."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape

# (row, column) of each province: north at the top, the northeast to the right, the south below.
GRID: dict[str, tuple[int, int]] = {
    "แม่ฮ่องสอน": (0, 1),
    "เชียงใหม่": (0, 2),
    "เชียงราย": (0, 3),
    "พะเยา": (0, 4),
    "น่าน": (0, 5),
    "ลำพูน": (1, 2),
    "ลำปาง": (1, 3),
    "แพร่": (1, 4),
    "อุตรดิตถ์": (1, 5),
    "หนองคาย": (1, 7),
    "บึงกาฬ": (1, 8),
    "ตาก": (2, 2),
    "สุโขทัย": (2, 3),
    "พิษณุโลก": (2, 4),
    "เพชรบูรณ์": (2, 5),
    "เลย": (2, 6),
    "อุดรธานี": (2, 7),
    "สกลนคร": (2, 8),
    "นครพนม": (2, 9),
    "กำแพงเพชร": (3, 2),
    "พิจิตร": (3, 3),
    "นครสวรรค์": (3, 4),
    "หนองบัวลำภู": (3, 6),
    "ขอนแก่น": (3, 7),
    "กาฬสินธุ์": (3, 8),
    "มุกดาหาร": (3, 9),
    "อุทัยธานี": (4, 2),
    "ชัยนาท": (4, 3),
    "สิงห์บุรี": (4, 4),
    "ลพบุรี": (4, 5),
    "ชัยภูมิ": (4, 6),
    "มหาสารคาม": (4, 7),
    "ร้อยเอ็ด": (4, 8),
    "ยโสธร": (4, 9),
    "อำนาจเจริญ": (4, 10),
    "กาญจนบุรี": (5, 1),
    "สุพรรณบุรี": (5, 2),
    "อ่างทอง": (5, 3),
    "พระนครศรีอยุธยา": (5, 4),
    "สระบุรี": (5, 5),
    "นครราชสีมา": (5, 6),
    "บุรีรัมย์": (5, 7),
    "สุรินทร์": (5, 8),
    "ศรีสะเกษ": (5, 9),
    "อุบลราชธานี": (5, 10),
    "ราชบุรี": (6, 1),
    "นครปฐม": (6, 2),
    "นนทบุรี": (6, 3),
    "ปทุมธานี": (6, 4),
    "นครนายก": (6, 5),
    "ปราจีนบุรี": (6, 6),
    "สระแก้ว": (6, 7),
    "เพชรบุรี": (7, 1),
    "สมุทรสาคร": (7, 2),
    "กรุงเทพมหานคร": (7, 3),
    "สมุทรปราการ": (7, 4),
    "ฉะเชิงเทรา": (7, 5),
    "ประจวบคีรีขันธ์": (8, 1),
    "สมุทรสงคราม": (8, 2),
    "ชลบุรี": (8, 5),
    "ชุมพร": (9, 1),
    "ระยอง": (9, 5),
    "จันทบุรี": (9, 6),
    "ระนอง": (10, 0),
    "สุราษฎร์ธานี": (10, 1),
    "ตราด": (10, 7),
    "พังงา": (11, 0),
    "กระบี่": (11, 1),
    "นครศรีธรรมราช": (11, 2),
    "ภูเก็ต": (12, 0),
    "ตรัง": (12, 1),
    "พัทลุง": (12, 2),
    "สตูล": (13, 1),
    "สงขลา": (13, 2),
    "ปัตตานี": (13, 3),
    "ยะลา": (14, 2),
    "นราธิวาส": (14, 3),
}
ALIASES = {
    "กทม.": "กรุงเทพมหานคร",
    "กทม": "กรุงเทพมหานคร",
    "กรุงเทพฯ": "กรุงเทพมหานคร",
    "กรุงเทพ": "กรุงเทพมหานคร",
    "อยุธยา": "พระนครศรีอยุธยา",
}
SHADES = ["#eef2f7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
CELL = 40


def province_name(place: str) -> str | None:
    """The map's province name for a place as stored, or None when it is not a province."""
    text = (place or "").strip().removeprefix("จังหวัด").removeprefix("จ.").strip()
    text = ALIASES.get(text, text)
    return text if text in GRID else None


def short_label(name: str) -> str:
    """A tile's label: the name without the common prefixes that make tiles look alike."""
    for prefix in ("พระนครศรี", "นคร", "สมุทร", "กรุงเทพ"):
        if name.startswith(prefix) and len(name) > len(prefix):
            return "กทม." if prefix == "กรุงเทพ" else name.removeprefix(prefix)[:4]
    return name[:4]


def shade(count: int, top: int) -> str:
    """The fill colour of a count on a scale up to `top`."""
    if count <= 0 or top <= 0:
        return SHADES[0]
    step = 1 + min(len(SHADES) - 2, int((count / top) * (len(SHADES) - 1)))
    return SHADES[step]


def tile_map_svg(counts: dict[str, int]) -> str:
    """An SVG tile map with each province shaded by its count (tooltip: name and count)."""
    top = max(counts.values(), default=0)
    rows = max(r for r, _ in GRID.values()) + 1
    cols = max(c for _, c in GRID.values()) + 1
    cells = []
    for name, (r, c) in GRID.items():
        n = counts.get(name, 0)
        x, y = c * CELL, r * CELL
        label = escape(short_label(name))
        cells.append(
            f"<g><title>{escape(name)}: {n}</title>"
            f'<rect x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}" rx="4" fill="{shade(n, top)}"'
            f' stroke="#8a9bb0" stroke-width="0.5"/>'
            f'<text x="{x + CELL / 2}" y="{y + 17}" text-anchor="middle" font-size="10">{label}</text>'
            f'<text x="{x + CELL / 2}" y="{y + 31}" text-anchor="middle" font-size="10" font-weight="bold">'
            f"{n or ''}</text></g>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {cols * CELL} {rows * CELL}" '
        f'class="tilemap" role="img" aria-label="แผนที่จำนวนข่าวรายจังหวัด">{"".join(cells)}</svg>'
    )


BLANK = "#ffffff"


def value_shade(value: float, top: float) -> str:
    """The fill colour of a value on a scale up to `top` (same steps as `shade`)."""
    if value <= 0 or top <= 0:
        return SHADES[0]
    step = 1 + min(len(SHADES) - 2, int((value / top) * (len(SHADES) - 1)))
    return SHADES[step]


def value_map_svg(
    values: dict[str, float],
    *,
    fmt: Callable[[float], str],
    title: str,
    links: dict[str, str] | None = None,
) -> str:
    """A tile map shaded by a value per province, with a legend; provinces not given stay blank.

    `fmt` writes a value on its tile and in the legend; `links` makes a tile a link (drill-down).
    """
    top = max(values.values(), default=0.0)
    rows = max(r for r, _ in GRID.values()) + 1
    cols = max(c for _, c in GRID.values()) + 1
    links = links or {}
    cells = []
    for name, (r, c) in GRID.items():
        x, y = c * CELL, r * CELL
        label = escape(short_label(name))
        known = name in values
        value = values.get(name, 0.0)
        fill = value_shade(value, top) if known else BLANK
        text = escape(fmt(value)) if known else ""
        tip = f"{escape(name)}: {text}" if known else f"{escape(name)}: ไม่มีข้อมูล"
        dash = "" if known else ' stroke-dasharray="2 2"'
        ink = ' class="on-dark"' if fill in SHADES[-2:] else ""  # white text on the dark shades
        tile = (
            f"<title>{tip}</title>"
            f'<rect x="{x + 1}" y="{y + 1}" width="{CELL - 2}" height="{CELL - 2}" rx="4" '
            f'fill="{fill}" stroke="#8a9bb0" stroke-width="0.5"{dash}/>'
            f'<text x="{x + CELL / 2}" y="{y + 17}" text-anchor="middle" font-size="10"{ink}>'
            f"{label}</text>"
            f'<text x="{x + CELL / 2}" y="{y + 31}" text-anchor="middle" font-size="9" '
            f'font-weight="bold"{ink}>{text}</text>'
        )
        href = links.get(name)
        cells.append(f'<a href="{escape(href)}">{tile}</a>' if href and known else f"<g>{tile}</g>")
    legend = _legend(top, fmt, title, y=rows * CELL + 8)
    height = rows * CELL + 8 + 22 * (len(SHADES) + 1) + 20
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {cols * CELL} {height}" '
        f'class="tilemap" role="img" aria-label="{escape(title)}">{"".join(cells)}{legend}</svg>'
    )


def _legend(top: float, fmt: Callable[[float], str], title: str, *, y: int) -> str:
    """Legend rows: one per shade with the range of values it stands for, then 'no data'."""
    steps = len(SHADES) - 1
    parts = [f'<text x="4" y="{y + 12}" font-size="12" font-weight="bold">{escape(title)}</text>']
    entries = [(SHADES[0], "0")]
    for i in range(1, steps + 1):
        low, high = top * (i - 1) / steps, top * i / steps
        entries.append((SHADES[i], f"{fmt(low)} – {fmt(high)}"))
    entries.append((BLANK, "ไม่มีข้อมูล / นอกจังหวัดที่รับผิดชอบ"))
    for n, (fill, text) in enumerate(entries):
        top_y = y + 20 + n * 22
        parts.append(
            f'<rect x="4" y="{top_y}" width="18" height="16" rx="3" fill="{fill}" stroke="#8a9bb0" '
            f'stroke-width="0.5"/><text x="28" y="{top_y + 12}" font-size="11">{escape(text)}</text>'
        )
    return f'<g class="legend">{"".join(parts)}</g>'
