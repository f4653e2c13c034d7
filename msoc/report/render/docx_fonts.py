"""TH Sarabun New embedded in the DOCX, so it opens right where the font is not installed.

Word and LibreOffice both read fonts embedded the OOXML way (ECMA-376 Part 1, 17.8.1): each
font file is an "obfuscated" part (.odttf: its first 32 bytes XORed with a GUID key that the
font table names), related from word/fontTable.xml, with w:embedTrueTypeFonts in settings.
Without it LibreOffice falls back to another Thai font whose metrics make the 26-page report
47 pages. python-docx has no API for this, so the parts are added through its OPC package.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_SETTINGS_BEFORE = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)


def obfuscate(font: bytes, key: uuid.UUID) -> bytes:
    """The font as an .odttf part: its first 32 bytes XORed with the key's bytes, last first."""
    mask = bytes.fromhex(key.hex)[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(font[:32]))
    return head + font[32:]


def _font_part(doc: DocxDocument, number: int, data: bytes, key: uuid.UUID) -> Part:
    partname = PackURI(f"/word/fonts/font{number}.odttf")
    return Part(partname, OBFUSCATED_FONT, obfuscate(data, key), doc.part.package)


def embed_fonts(doc: DocxDocument, family: str, files: Mapping[str, Path | bytes]) -> None:
    """Embed a family's fonts (keys: Regular, Bold, Italic, BoldItalic; files or bytes)."""
    table_part = doc.part.part_related_by(RT.FONT_TABLE)
    table = etree.fromstring(table_part.blob)
    entry = table.find(f"{qn('w:font')}[@{qn('w:name')}='{family}']")
    if entry is None:
        entry = parse_xml(f'<w:font {nsdecls("w")} w:name="{family}"/>')
        table.append(entry)
    # Numbered after the parts of families embedded before, so a second family adds, not replaces.
    first = 1 + sum(1 for rel in table_part.rels.values() if rel.reltype == RT.FONT)
    for number, (style, font) in enumerate(files.items(), start=first):
        key = uuid.uuid4()
        data = font.read_bytes() if isinstance(font, Path) else font
        r_id = table_part.relate_to(_font_part(doc, number, data, key), RT.FONT)
        entry.append(
            parse_xml(
                f'<w:embed{style} {nsdecls("w", "r")} r:id="{r_id}" '
                f'w:fontKey="{{{str(key).upper()}}}"/>'
            )
        )
    table_part._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    settings = doc.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        flag = parse_xml(f"<w:embedTrueTypeFonts {nsdecls('w')}/>")
        # Its place in CT_Settings' sequence: after these, where present (Word is strict).
        before = [qn(f"w:{t}") for t in _SETTINGS_BEFORE]
        anchors = [child for child in settings if child.tag in before]
        if anchors:
            anchors[-1].addnext(flag)
        else:
            settings.insert(0, flag)
