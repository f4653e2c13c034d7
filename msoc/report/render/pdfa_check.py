"""A PDF/A-2u check that runs here: the rules of ISO 19005-2 the issued report can break.

veraPDF, the reference validator, is Java and on neither PyPI, npm nor Debian, so it cannot be
installed here. This checks with pypdf (already a dependency) what veraPDF checks for the parts
this report uses: the file's header, ID and encryption (6.1), the output intent and its ICC
profile (6.2.3), embedded fonts whose every glyph maps to Unicode (6.2.11, level U), the XMP
claim and its agreement with the document information (6.6), forbidden actions and
attachments (6.5, 6.8), printable annotations (6.3), and the tags and language of level A's
logical structure (6.7) that the report also promises. It is not a full validator: content
stream operators and colour spaces inside pages are not checked.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pypdf
from lxml import etree

_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_BAD_UNICODE = {"", "0000", "feff", "fffe"}
_FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript"}


def pdfa_problems(data: bytes) -> list[str]:
    """Every PDF/A-2u rule the file breaks, in Thai; an empty list when it passes."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        root: Any = reader.trailer["/Root"]
    except Exception as exc:  # noqa: BLE001 - any parse failure is a finding, not a crash
        return [f"อ่านไฟล์ PDF ไม่ได้: {exc}"]
    problems = [*_file_problems(data, reader), *_xmp_problems(reader, root)]
    problems += _intent_problems(root)
    problems += _font_problems(reader)
    problems += _action_problems(reader, root)
    problems += _structure_problems(root)
    return problems


def _file_problems(data: bytes, reader: pypdf.PdfReader) -> Iterator[str]:
    if not re.match(rb"%PDF-1\.[4-7]\r?\n%[\x80-\xff]{4}", data):
        yield "ส่วนหัวไฟล์ต้องเป็น %PDF-1.x ตามด้วยบรรทัดอักขระไบนารี"
    if reader.is_encrypted:
        yield "ไฟล์ PDF/A ต้องไม่เข้ารหัส"
    ids = reader.trailer.get("/ID")
    if not ids or len(ids) != 2:
        yield "ไม่มีรหัสไฟล์ (/ID) ในส่วนท้าย"


def _xmp_problems(reader: pypdf.PdfReader, root: Any) -> Iterator[str]:
    if "/Metadata" not in root:
        yield "ไม่มีเมทาดาทา XMP ที่ระบุว่าเป็น PDF/A"
        return
    stream = root["/Metadata"].get_object()
    # PDF/A-2 (unlike PDF/A-1) lets the metadata stream be compressed; its XMP must be UTF-8.
    if re.search(rb"<\?xpacket[^>]*\b(bytes|encoding)=", stream.get_data()):
        yield "ส่วนหัว xpacket ของ XMP ต้องไม่มี bytes หรือ encoding"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        xmp = etree.fromstring(stream.get_data(), parser)
    except etree.XMLSyntaxError as exc:
        yield f"เมทาดาทา XMP ไม่ใช่ XML ที่ถูกต้อง: {exc}"
        return
    part = _xmp_value(xmp, "pdfaid:part")
    level = _xmp_value(xmp, "pdfaid:conformance")
    if part != "2" or level not in ("U", "A"):
        yield f"XMP ไม่ได้ระบุ PDF/A-2u (part={part!r}, conformance={level!r})"
    info: Any = reader.metadata or {}
    title = info.get("/Title")
    titles = xmp.xpath("//dc:title//rdf:li/text()", namespaces=_NS)
    if title and title not in titles:
        yield "ชื่อเอกสารใน /Info ไม่ตรงกับ dc:title ใน XMP"


def _xmp_value(xmp: Any, name: str) -> str | None:
    found = xmp.xpath(f"//@{name} | //{name}/text()", namespaces=_NS)
    return str(found[0]) if found else None


def _intent_problems(root: Any) -> Iterator[str]:
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1"]
    if len(pdfa) != 1:
        yield "ต้องมี OutputIntent แบบ GTS_PDFA1 หนึ่งรายการ"
        return
    profile = pdfa[0].get("/DestOutputProfile")
    if profile is None:
        yield "OutputIntent ไม่มีโปรไฟล์สี ICC ฝังอยู่"
        return
    profile = profile.get_object()
    icc = profile.get_data()
    spaces = {1: b"GRAY", 3: b"RGB ", 4: b"CMYK"}
    if icc[36:40] != b"acsp" or spaces.get(profile.get("/N")) != icc[16:20]:
        yield "โปรไฟล์ ICC ของ OutputIntent ไม่ถูกต้องหรือจำนวนช่องสีไม่ตรง"


def _fonts(reader: pypdf.PdfReader) -> dict[str, Any]:
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources: Any = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            fonts[str(font.get("/BaseFont"))] = font
    return fonts


def _font_problems(reader: pypdf.PdfReader) -> Iterator[str]:
    for name, font in _fonts(reader).items():
        descendants = font.get("/DescendantFonts")
        inner = descendants[0].get_object() if descendants else font
        descriptor = inner.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        if not embedded:
            yield f"ฟอนต์ {name} ไม่ได้ฝังในไฟล์"
        if "/ToUnicode" not in font:
            yield f"ฟอนต์ {name} ไม่มีตาราง ToUnicode (ข้อความค้นหาไม่ได้)"
            continue
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        targets = re.findall(r"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]*)>", cmap)
        if any(t.lower() in _BAD_UNICODE for t in targets):
            yield f"ฟอนต์ {name} มีตัวอักษรที่ไม่ได้แมปเป็นยูนิโค้ด"


def _action_problems(reader: pypdf.PdfReader, root: Any) -> Iterator[str]:
    names = root.get("/Names")
    if names is not None and (
        "/JavaScript" in names.get_object() or "/EmbeddedFiles" in names.get_object()
    ):
        yield "PDF/A-2u ต้องไม่มี JavaScript หรือไฟล์แนบ"
    opening = root.get("/OpenAction")
    opening = opening.get_object() if opening is not None else None
    if isinstance(opening, dict) and opening.get("/S") in _FORBIDDEN_ACTIONS:
        yield "มีคำสั่งที่ PDF/A ห้าม (OpenAction)"
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") in _FORBIDDEN_ACTIONS:
                yield f"หน้า {number}: หมายเหตุมีคำสั่งที่ PDF/A ห้าม"
            if annot.get("/Subtype") != "/Popup" and not int(annot.get("/F", 0)) & 4:
                yield f"หน้า {number}: หมายเหตุไม่ได้ตั้งให้พิมพ์ได้"


def _structure_problems(root: Any) -> Iterator[str]:
    if not str(root.get("/Lang", "")).startswith("th"):
        yield "ไม่ได้ระบุภาษาของเอกสารเป็นภาษาไทย (/Lang)"
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get_object().get("/Marked")):
        yield "เอกสารไม่ได้ทำแท็ก (/MarkInfo /Marked)"
    if "/StructTreeRoot" not in root:
        yield "ไม่มีโครงสร้างเอกสาร (/StructTreeRoot)"
