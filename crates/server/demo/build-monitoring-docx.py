#!/usr/bin/env python3
"""Builds monitoring-khotynetsky-2023.docx, seed 003's monitoring report as a Word document,
from the demo's transcription beside it (campaign-khotynetsky-2023.json). Run from this folder;
the output is committed, so the build never needs Python. The facts are the seed's (the order,
the dates, the place, the list order, the plan, the schools, the numbering, the levels, the
addressee); the texts are the transcription's summaries, and the document says so. The
conclusions carry their numbers as typed text, the recommendations are a Word numbered list,
as reports are written both ways."""
import json
import zipfile
from datetime import date
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября',
          'октября', 'ноября', 'декабря']


def para(text, numbered=False):
    ppr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ''
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def dotted(iso):
    d = date.fromisoformat(iso)
    return d.strftime('%d.%m.%Y')


def act(doc):
    return f'от {dotted(doc["date"])} года № {doc["number"]}'


c = json.load(open('campaign-khotynetsky-2023.json', encoding='utf-8'))
report = date.fromisoformat(c['reportDate'])
listed = c['citedDocuments'][0]['document']
body = [
    para(c['title']),
    para(c['place']),
    para(f'{report.day} {MONTHS[report.month - 1]} {report.year} года'),
    para(f'На основании приказа {c["order"]["issuer"]} {act(c["order"])} проведен мониторинг исполнения плана '
         f'мероприятий по сопровождению школ с низкими образовательными результатами на {c["periodFrom"]} год.'),
    para(f'Перечень школ района, вошедших в федеральный и региональный список ШНОР по результатам 2022 года, '
         f'определен приказом {listed["issuer"]} {act(listed)} «{listed["title"]}»: {", ".join(c["scopeAsWritten"])}.'),
    para(f'План мероприятий («дорожная карта») по сопровождению школ с низкими образовательными результатами на '
         f'{c["periodFrom"]} год утвержден приказом {c["plan"]["issuer"]} {act(c["plan"])}.'),
    para('Отчеты о выполнении плана представили все школы перечня; отчеты прилагаются.'),
    para('На основании отчетов школ сделаны следующие выводы:'),
]
levels = {'municipal': '1. На муниципальном уровне:', 'school': '2. На школьном уровне:'}
level = None
for k in c['conclusions']:
    if k['level'] != level:
        level = k['level']
        body.append(para(levels[level]))
    body.append(para(f'{k["number"]}. {k["text"]}'))
body.append(para('Рекомендации:'))
body.append(para(c['recommendations'][0]['addresseeRole'] + ':'))
for r in c['recommendations']:
    body.append(para(r['text'], numbered=True))
body.append(para('Примечание: тексты выводов и рекомендаций приведены в изложении, не дословно; номера, даты, '
                 'уровни и адресаты — как в отчете.'))

document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{"".join(body)}</w:body></w:document>'
numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>'
             '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '</w:numbering>')
content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
                 '</Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
            '</Relationships>')
with zipfile.ZipFile('monitoring-khotynetsky-2023.docx', 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in [('[Content_Types].xml', content_types), ('_rels/.rels', rels),
                       ('word/_rels/document.xml.rels', doc_rels), ('word/document.xml', document),
                       ('word/numbering.xml', numbering)]:
        info = zipfile.ZipInfo(name, date_time=(2023, 12, 29, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text)
