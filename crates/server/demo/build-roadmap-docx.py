#!/usr/bin/env python3
"""Builds roadmap-kalininsky-2023.docx, the Word document of seed 001 (its audit table and its
roadmap), from the two tables transcribed beside it. Run from this folder; the output is
committed, so the build never needs Python. The document is shaped as Word saves such tables:
the factor names merged down their rows, the roadmap's header repeated where a page breaks,
rows broken across pages, list paragraphs inside cells, and the responsible cell of measures
41-43 merged vertically."""
import re
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text, numbered=False):
    ppr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ''
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def paragraphs(cell):
    """A cell's paragraphs: converter markup back into Word's paragraphs and list items."""
    if '<' not in cell:
        return para(cell.strip())
    out = []
    for p in re.findall(r'<p>(.*?)</p>', cell):
        out.append(para(p.strip()))
    ul = re.search(r'<ul[^>]*>(.*)$', cell)
    if ul:
        for item in re.split(r'(?:^|\s|;)-\s*', ul.group(1)):
            if item.strip():
                out.append(para(item.strip(), numbered=True))
    return ''.join(out)


def cell(content, merge=None, span=1):
    props = ''
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        props += '<w:vMerge w:val="restart"/>' if merge == 'restart' else '<w:vMerge/>'
    return f'<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>'


def row(cells, header=False):
    props = '<w:trPr><w:tblHeader/></w:trPr>' if header else ''
    return f'<w:tr>{props}{"".join(cells)}</w:tr>'


def table(rows):
    return f'<w:tbl><w:tblPr/>{"".join(rows)}</w:tbl>'


def tsv(name):
    with open(name, encoding='utf-8') as f:
        return [line.rstrip('\n').split('\t') for line in f]


audit_rows = []
for i, cells in enumerate(tsv('audit-kalininsky-2023.tsv')):
    cells += [''] * (5 - len(cells))
    # The factor name stands on its first row; the rows below continue the merged cell.
    merge = None
    if i >= 2 and any(c.strip() for c in cells):
        merge = 'restart' if cells[1].strip() else 'continue'
    audit_rows.append(row([cell(para(cells[0]))] + [cell(para(cells[1]), merge)] + [cell(para(c)) for c in cells[2:5]], header=i < 2))

roadmap = tsv('roadmap-kalininsky-2023.tsv')
header = roadmap[0]
roadmap_rows = [row([cell(para(c)) for c in header], header=True)]
for cells in roadmap[1:]:
    cells += [''] * (8 - len(cells))
    number = cells[0].strip().rstrip('.')
    if number in ('20', '38'):
        # A page breaks before these measures: Word repeats the header row there.
        roadmap_rows.append(row([cell(para(c)) for c in header], header=True))
    responsible = cell(paragraphs(cells[7]))
    if number == '41':
        responsible = cell(paragraphs(cells[7]), 'restart')
    elif number in ('42', '43'):
        responsible = cell(para(''), 'continue')
    roadmap_rows.append(row([cell(paragraphs(c)) for c in cells[:7]] + [responsible]))

body = ''.join([
    para('Приложение'), para('УТВЕРЖДЕНА приказом МКУО ЦОКО от 1 марта 2023 года №4'),
    para('Дорожная карта по профилактике учебной неуспешности в муниципальном образовании Калининский район на 2023 -2024 гг.'),
    para('I. Результаты входного аудита'), table(audit_rows),
    para('II. Муниципальная дорожная карта по профилактике учебной неуспешности на 2023 - 2024 года'),
    table(roadmap_rows), para('Начальник МКУО ЦОКО'),
])
document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'
content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
with zipfile.ZipFile('roadmap-kalininsky-2023.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in [('[Content_Types].xml', content_types), ('_rels/.rels', rels), ('word/document.xml', document)]:
        info = zipfile.ZipInfo(name, date_time=(2023, 3, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
