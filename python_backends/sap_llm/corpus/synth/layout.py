"""The composable layout engine for business documents (invoices, orders, notes, postings).

Blocks, each with several styles chosen by the document's :class:`Style`:
letterhead (logo left / right / centre / colour band), DIN 5008 address window
(left or right, with or without the sender's return line), header block (label:
value list, grid of boxes, boxed list, inline), title, intro sentence, line-item
table (plain, rules, grid, zebra, filled header; several column orders and
subsets; quantity and unit merged or apart) continuing over pages with carried
forward / brought forward subtotals, totals block (right list, box, band),
notes, and a footer with address, contact, bank and registry data.

Rule for labels: a field is tagged where it is printed FIRST; later repeats
(the name again in the footer, say) are plain text.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from sap_llm.corpus.synth import vocab
from sap_llm.corpus.synth.ink import DrawnWord, Ink, font_names
from sap_llm.corpus.synth.spec import Cell, DocSpec, Field, PartyBlock
from sap_llm.corpus.synth.style import Style

MM = 72 / 25.4
PAGE_COUNT_FORM = "sapllm_page_count"
NUMBER_TAGS = {"invoice_number", "po_number", "delivery_note_number", "sales_order_number", "document_number",
               "payment_reference"}
ADDRESSEE_CAPTIONS = {
    "customer_name": {"EN": ["Bill to:", "Invoice to:", "Customer:", "Sold to:"], "DE": ["Rechnungsempfänger:", "Kunde:", "An:"],
                      "FR": ["Facturé à :", "Client :", "Destinataire :"], "ES": ["Facturar a:", "Cliente:", "Destinatario:"],
                      "IT": ["Fatturare a:", "Cliente:", "Spett.le"]},
    "supplier_name": {"EN": ["Supplier:", "Vendor:", "To:"], "DE": ["Lieferant:", "An:"], "FR": ["Fournisseur :", "À :"],
                      "ES": ["Proveedor:", "A:"], "IT": ["Fornitore:", "Spett.le"]},
}
NUMBER_WORD = {"EN": "No.", "DE": "Nr.", "FR": "n°", "ES": "nº", "IT": "n."}


def order_columns(columns: list[str], variant: int) -> list[str]:
    """A family's column subset and order (only columns the type has are used)."""
    cols = list(columns)

    def drop(name: str) -> None:
        if name in cols and len(cols) > 4:
            cols.remove(name)

    def move(name: str, index: int) -> None:
        if name in cols:
            cols.remove(name)
            cols.insert(min(index, len(cols)), name)

    if variant == 1:
        drop("material")
    elif variant == 2:
        drop("item")
        move("description", 0)
    elif variant == 3:
        move("material", 2)
    elif variant == 4:
        drop("tax_rate")
        move("quantity", 1)
    elif variant == 5:
        drop("item")
    return cols


class Renderer:
    """Draws one :class:`DocSpec` with one :class:`Style`; knows which fields it tagged."""

    def __init__(self, ink: Ink, spec: DocSpec, style: Style, rng: random.Random) -> None:
        self.ink = ink
        self.spec = spec
        self.style = style
        self.rng = rng
        self.regular, self.bold = font_names(style.font)
        self.used_tags: set[str] = set()
        self.gt_rows: list[dict[str, Any]] = []
        self.page_marks: list[tuple[int, float, float, float]] = []  # (page, x, y, size) of "of N" totals
        self.page_w, self.page_h = style.page
        self.left = style.margin_l
        self.right = self.page_w - style.margin_r
        self.footer_top = self.page_h - style.margin_b - (self._footer_height() if style.footer_style != "none" else 0)

    # ── helpers ──
    def once(self, tag: str | None) -> str | None:
        """Tag only the first printed occurrence of a field."""
        if tag is None or tag in self.used_tags:
            return None
        return tag

    def claim(self, segments: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        out = [(text, self.once(tag)) for text, tag in segments]
        self.used_tags.update(tag for _, tag in out if tag)
        return out

    def draw_label(self, x: float, y: float, f: Field, font: str, size: float) -> None:
        """A field's label (untagged words, except a value inside it such as the rate in "VAT 19%")."""
        if f.label_segments:
            self.ink.segments(x, y, [*self.claim(f.label_segments), (self.style.label_suffix, None)], font, size)
        elif f.label:
            self.ink.text(x, y, self.label_text(f.label), font, size)

    def gap(self, label: str, size: float) -> float:
        """Where a value starts after a bold label: a clear gap, so text extraction splits the two words."""
        return self.ink.width_of(label.rstrip(), self.bold, size) + max(self.ink.width_of(" ", self.bold, size), 3.5) + 1

    def label_text(self, label: str) -> str:
        if not label:
            return ""
        return label + self.style.label_suffix

    def fmt_sub(self, value: Decimal) -> str:
        return self.style.number_style.format(value)

    # ── letterhead ──
    def letterhead(self) -> float:
        """Logo, issuer name and address at the top; returns the y below it."""
        spec, st, ink = self.spec, self.style, self.ink
        y = st.margin_t
        issuer = spec.issuer
        if issuer is None:
            return y
        party = issuer.party
        name_size = st.size + self.rng.uniform(4, 9)
        if st.letterhead == "band":
            band_h = name_size + 22
            ink.rect(0, 0, self.page_w, y + band_h, stroke=False, fill=True, fill_color=st.accent)
            ink.text(self.left, y + name_size + 2, party.name, self.bold, name_size,
                     self.once(issuer.name_tag), color=(1, 1, 1))
            self.used_tags.add(issuer.name_tag or "")
            sub = " · ".join([*party.address_lines[:2], party.phone or ""]).strip(" ·")
            ink.text(self.right, y + name_size + 14, sub, self.regular, st.size - 1.5, color=(0.95, 0.95, 0.95),
                     align="right")
            return y + band_h + 18
        logo_w = 0.0
        if st.logo != "none":
            logo_w = self.logo(y)
        if st.logo == "center":
            y += 48
            ink.text(self.page_w / 2, y + name_size, party.name, self.bold, name_size, self.once(issuer.name_tag),
                     align="center", color=st.accent)
            self.used_tags.add(issuer.name_tag or "")
            y += name_size + 6
            if st.letterhead == "name_address":
                line = ", ".join(party.address_lines)
                ink.text(self.page_w / 2, y + st.size, line, self.regular, st.size - 0.5,
                         self.once(issuer.address_tag), align="center")
                self.used_tags.add(issuer.address_tag or "")
                y += st.size + 4
            return y + 14
        name_x = self.left + (logo_w + 10 if st.logo == "left" else 0)
        align = "left"
        if st.logo == "left" and self.rng.random() < 0.3:
            name_x, align = self.right, "right"
        ink.text(name_x, y + name_size, party.name, self.bold, name_size, self.once(issuer.name_tag), align=align,
                 color=st.accent if self.rng.random() < 0.6 else (0, 0, 0))
        self.used_tags.add(issuer.name_tag or "")
        y_text = y + name_size + 4
        if st.letterhead == "name_address":
            address_tag = self.once(issuer.address_tag)
            for i, line in enumerate(party.address_lines):
                y_text += st.size + 1.5
                ink.text(name_x, y_text, line, self.regular, st.size - 0.5, address_tag, cont=i > 0, align=align)
            self.used_tags.add(issuer.address_tag or "")
            for line in (party.phone, party.email):
                if line:
                    y_text += st.size + 1.5
                    ink.text(name_x, y_text, line, self.regular, st.size - 0.5, align=align)
        return max(y_text, y + 50) + 16

    def logo(self, y: float) -> float:
        st, ink = self.style, self.ink
        size = self.rng.uniform(34, 50)
        if st.logo == "left":
            x = self.left
        elif st.logo == "right":
            x = self.right - size
        else:
            x = self.page_w / 2 - size / 2
        initials = "".join(w[0] for w in (self.spec.issuer.party.name.split()[:2] if self.spec.issuer else ["X"]))
        initials = "".join(ch for ch in initials.upper() if ch.isalnum())[:2] or "X"
        if st.logo_shape == "circle":
            ink.circle(x + size / 2, y + size / 2, size / 2, st.accent)
        elif st.logo_shape == "square":
            ink.rect(x, y, size, size, stroke=False, fill=True, fill_color=st.accent)
        else:
            for i in range(3):
                ink.rect(x + i * size / 3, y + size * (0.5 - i * 0.2), size / 3.6, size * (0.5 + i * 0.2),
                         stroke=False, fill=True, fill_color=st.accent)
            return size
        ink.text(x + size / 2, y + size / 2 + size * 0.14, initials, self.bold, size * 0.4, align="center",
                 color=(1, 1, 1))
        return size

    # ── address window and header block ──
    def party_lines(self, block: PartyBlock, x: float, y: float, size: float, *, caption: str | None = None) -> float:
        ink = self.ink
        if caption:
            ink.text(x, y, caption, self.bold, size - 0.5)
            y += size + 3
        ink.text(x, y, block.party.name, self.bold if self.rng.random() < 0.5 else self.regular, size,
                 self.once(block.name_tag))
        self.used_tags.add(block.name_tag or "")
        address_tag = self.once(block.address_tag)
        for i, line in enumerate(block.party.address_lines):
            y += size + 2.5
            ink.text(x, y, line, self.regular, size, address_tag, cont=i > 0)
        self.used_tags.add(block.address_tag or "")
        return y

    def address_window(self, top: float) -> tuple[float, float, float]:
        """Draw the addressee in a DIN window; returns (bottom y, window x0, window x1)."""
        st, ink, spec = self.style, self.ink, self.spec
        width = 85 * MM
        x = self.left if st.address_side == "left" else self.right - width
        y = top
        if spec.addressee is None:
            return top, x, x + width
        if st.return_line and spec.issuer:
            ret = " · ".join([spec.issuer.party.name, *spec.issuer.party.address_lines[:2]])
            size = 6.5
            while ink.width_of(ret, self.regular, size) > width and size > 5:
                size -= 0.5
            ink.text(x, y + size, ret, self.regular, size, color=(0.3, 0.3, 0.3))
            ink.line(x, y + size + 2.5, x + min(width, ink.width_of(ret, self.regular, size)), y + size + 2.5, 0.3)
            y += size + 8
        caption = None
        if spec.addressee.name_tag in ADDRESSEE_CAPTIONS and self.rng.random() < 0.35:
            caption = self.rng.choice(ADDRESSEE_CAPTIONS[spec.addressee.name_tag][spec.language])
        y = self.party_lines(spec.addressee, x, y + st.size + 2, st.size + 0.5, caption=caption)
        return y + 6, x, x + width

    def header_block(self, fields: list[Field], x0: float, x1: float, top: float) -> float:
        """Header fields in the family's style between x0 and x1; returns the bottom y."""
        st, ink = self.style, self.ink
        size = st.size
        if not fields:
            return top
        if st.header_style in ("list", "boxed"):
            pad = 6 if st.header_style == "boxed" else 0
            label_w = max(ink.width_of(self.label_text(f.label), self.bold, size) for f in fields) + 8
            y = top + pad + size
            for f in fields:
                self.draw_label(x0 + pad, y, f, self.bold if self.rng.random() < 0.7 else self.regular, size)
                ink.segments(x0 + pad + label_w, y, self.claim(f.segments), self.regular, size)
                y += size + 4
            if st.header_style == "boxed":
                ink.rect(x0, top, x1 - x0, y - top - size + pad + 2, line_width=0.7, stroke_color=st.accent)
            return y + pad
        if st.header_style == "grid":
            per_row = max(2, min(4, int((x1 - x0) // 120)))
            cell_w = (x1 - x0) / per_row
            cell_h = size * 2 + 10
            y = top
            for i, f in enumerate(fields):
                col = i % per_row
                if col == 0 and i:
                    y += cell_h
                cx = x0 + col * cell_w
                ink.rect(cx, y, cell_w, cell_h, line_width=0.5)
                ink.text(cx + 4, y + size, f.label, self.regular, size - 1.5, color=(0.35, 0.35, 0.35))
                ink.segments(cx + 4, y + 2 * size + 4, self.claim(f.segments), self.bold, size)
            return y + cell_h + 6
        # inline: "Label: value" pairs flowing across the line
        y = top + size
        x = x0
        for f in fields:
            label = self.label_text(f.label) + " "
            w = ink.width_of(label, self.bold, size) + ink.width_of(f.text, self.regular, size) + 18
            if x + w > x1 and x > x0:
                x = x0
                y += size + 5
            ink.text(x, y, label, self.bold, size)
            ink.segments(x + self.gap(label, size), y, self.claim(f.segments), self.regular, size)
            x += w
        return y + 8

    # ── table ──
    def table_columns(self) -> list[str]:
        return order_columns(self.spec.columns, self.style.column_variant)

    def draw_table(self, y: float) -> float:
        spec, st, ink = self.spec, self.style, self.ink
        cols = self.table_columns()
        merged = st.merge_qty_unit and "quantity" in cols and "unit" in cols
        if merged:
            cols.remove("unit")
        headers = {c: spec.column_labels[spec.columns.index(c)] for c in cols}
        size = st.size
        avail = self.right - self.left

        def cell_text(row: dict[str, Cell], col: str) -> str:
            text = row[col].text if col in row else ""
            if merged and col == "quantity" and "unit" in row:
                text = f"{text} {row['unit'].text}"
            return text

        # widths: content-driven, the description takes what is left
        while True:
            widths = {}
            for c in cols:
                content = max([ink.width_of(cell_text(r, c), self.regular, size) for r in spec.rows] + [0])
                widths[c] = max(content, ink.width_of(headers[c], self.bold, size)) + 10
            flex = next((c for c in ("description", "item_text", "invoice_number") if c in cols), None)
            fixed = sum(w for c, w in widths.items() if c != flex)
            if fixed + 60 <= avail or size <= 6.5:
                if flex:
                    widths[flex] = max(avail - fixed, 60)
                else:  # no text column: share the spare width
                    spare = max(avail - fixed, 0) / len(cols)
                    widths = {c: w + spare for c, w in widths.items()}
                break
            size -= 0.5
        xs = [self.left]
        for c in cols:
            xs.append(xs[-1] + widths[c])
        row_h = size + self.rng.uniform(5, 8)

        def header_row(y: float) -> float:
            h = row_h + 2
            if st.table_style in ("header_fill", "zebra"):
                ink.rect(self.left, y, avail, h, stroke=False, fill=True,
                         fill_color=tuple(0.75 + 0.25 * a for a in st.accent) if st.table_style == "header_fill"
                         else (0.85, 0.85, 0.85))
            for c, x in zip(cols, xs, strict=False):
                text = headers[c]
                if c in spec.numeric_columns or c == "quantity":
                    ink.text(x + widths[c] - 4, y + h - 5, text, self.bold, size, align="right")
                else:
                    ink.text(x + 4, y + h - 5, text, self.bold, size)
            ink.line(self.left, y + h, self.right, y + h, 0.9)
            if st.table_style == "grid":
                ink.rect(self.left, y, avail, h, line_width=0.6)
            return y + h

        limit = self.footer_top - 2 * row_h - 6
        y = header_row(y)
        running = Decimal("0")
        amount_col = spec.row_amount_column
        for index, row in enumerate(spec.rows):
            if y + row_h > limit:
                if st.carried_forward and amount_col:
                    y = self.subtotal_row(y, row_h, size, vocab.pick(self.rng, {"k": vocab.SUBTOTAL_CARRIED}, "k",
                                                                   spec.language), running)
                self.finish_page()
                y = self.continuation_header()
                if st.carried_forward and amount_col:
                    y = self.subtotal_row(y, row_h, size, vocab.pick(self.rng, {"k": vocab.SUBTOTAL_BROUGHT}, "k",
                                                                   spec.language), running)
                y = header_row(y)
            if st.table_style == "zebra" and index % 2 == 1:
                ink.rect(self.left, y, avail, row_h, stroke=False, fill=True, fill_color=(0.93, 0.93, 0.93))
            gt_row: dict[str, Any] = {}
            for c, x in zip(cols, xs, strict=False):
                if c not in row:
                    continue
                cell = row[c]
                base_y = y + row_h - 4.5
                segments = [(cell.text, f"li.{c}")]
                if merged and c == "quantity" and "unit" in row:
                    segments = [(cell.text, "li.quantity"), (" ", None), (row["unit"].text, "li.unit")]
                    if row["unit"].value is not None:
                        gt_row["unit"] = row["unit"].value
                if c in spec.numeric_columns or c == "quantity":
                    ink.segments(x + widths[c] - 4, base_y, segments, self.regular, size, align="right")
                else:
                    text = cell.text
                    while ink.width_of(text, self.regular, size) > widths[c] - 6 and " " in text:
                        text = text.rsplit(" ", 1)[0]
                    ink.text(x + 4, base_y, text, self.regular, size, f"li.{c}")
                    if cell.value is not None and text != cell.text:
                        cell = Cell(text, text)
                if cell.value is not None:
                    gt_row[c] = cell.value
            self.gt_rows.append(gt_row)
            if amount_col and amount_col in row and row[amount_col].value is not None:
                running += Decimal(str(row[amount_col].value))
            if st.table_style in ("rules", "grid"):
                ink.line(self.left, y + row_h, self.right, y + row_h, 0.3, color=(0.5, 0.5, 0.5))
            if st.table_style == "grid":
                for x in xs:
                    ink.line(x, y, x, y + row_h, 0.3)
            y += row_h
        if st.table_style in ("plain", "zebra", "header_fill"):
            ink.line(self.left, y + 2, self.right, y + 2, 0.8)
        return y + 8

    def subtotal_row(self, y: float, row_h: float, size: float, caption: str, amount: Decimal) -> float:
        ink = self.ink
        ink.text(self.left + 4, y + row_h - 4, caption, self.bold, size)
        ink.text(self.right - 4, y + row_h - 4, self.fmt_sub(amount), self.bold, size, align="right")
        ink.line(self.left, y + row_h + 1, self.right, y + row_h + 1, 0.5)
        return y + row_h + 4

    def continuation_header(self) -> float:
        spec, st, ink = self.spec, self.style, self.ink
        y = st.margin_t + st.size + 4
        name = spec.issuer.party.name if spec.issuer else ""
        ink.text(self.left, y, name, self.bold, st.size + 1)
        number = next((f.text for f in spec.header if f.segments and f.segments[0][1]), "")
        ink.text(self.right, y, f"{spec.title} {number} ({vocab.CONTINUED[spec.language]})".strip(), self.regular,
                 st.size, align="right")
        ink.line(self.left, y + 5, self.right, y + 5, 0.5)
        return y + 20

    # ── totals, notes, footer ──
    def totals(self, y: float) -> float:
        spec, st, ink = self.spec, self.style, self.ink
        if not spec.totals:
            return y
        size = st.size + 0.5
        needed = (size + 6) * len(spec.totals) + 20
        if y + needed > self.footer_top:
            self.finish_page()
            y = self.continuation_header()
        label_w = max(ink.width_of(self.label_text(f.label), self.bold, size) for f in spec.totals)
        value_w = max(ink.width_of(f.text, self.bold, size + 1) for f in spec.totals)
        block_w = label_w + value_w + 30
        x0 = self.right - block_w
        top = y
        if st.totals_style == "band":
            ink.rect(x0 - 6, y - 2, block_w + 6, needed - 14, stroke=False, fill=True,
                     fill_color=tuple(0.85 + 0.15 * a for a in st.accent))
        y += size + 4
        for f in spec.totals:
            font = self.bold if f.emphasis else self.regular
            fsize = size + (1 if f.emphasis else 0)
            if f.emphasis and st.totals_style != "band":
                ink.line(x0, y - fsize - 2, self.right, y - fsize - 2, 0.6)
            self.draw_label(x0, y, f, font, fsize)
            ink.segments(self.right - 4, y, self.claim(f.segments), font, fsize, align="right")
            y += fsize + 6
        if st.totals_style == "boxed":
            ink.rect(x0 - 6, top - 2, block_w + 6, y - top - size + 4, line_width=0.8)
        return y + 10

    def notes(self, y: float) -> float:
        spec, st, ink = self.spec, self.style, self.ink
        size = st.size
        for note in spec.notes:
            if y + 2 * size > self.footer_top:
                self.finish_page()
                y = self.continuation_header()
            if isinstance(note, Field):
                label = self.label_text(note.label)
                x = self.left
                if label:
                    ink.text(x, y + size, label, self.bold, size)
                    x += self.gap(label, size)
                ink.segments(x, y + size, self.claim(note.segments), self.regular, size)
            else:
                ink.text(self.left, y + size, note, self.regular, size)
            y += size + 5
        return y

    def _footer_height(self) -> float:
        line = max(self.style.size - 2, 6.0) + 2
        return line * 6 + 12 if self.style.footer_style == "columns" else line * 3 + 10

    def footer(self) -> None:
        spec, st, ink = self.spec, self.style, self.ink
        if st.footer_style == "none" or spec.issuer is None:
            return
        block = spec.issuer
        party = block.party
        size = max(st.size - 2, 6.0)
        top = self.footer_top + 6
        ink.line(self.left, top, self.right, top, 0.4, color=(0.4, 0.4, 0.4))
        bank: list[tuple[str, list[tuple[str, str | None]]]] = []
        if block.show_bank and party.iban:
            if party.bank_name:
                bank.append(("", [(party.bank_name, block.bank_tag)]))
            bank.append((vocab.label(self.rng, "supplier_iban", spec.language, st.split),
                         [(block.iban_text or party.iban, block.iban_tag)]))
            if party.bic:
                bank.append((vocab.label(self.rng, "supplier_bic", spec.language, st.split), [(party.bic, block.bic_tag)]))
        registry: list[tuple[str, list[tuple[str, str | None]]]] = []
        if party.vat_id:
            registry.append((vocab.label(self.rng, "supplier_vat_id", spec.language, st.split),
                             [(block.vat_text or party.vat_id, block.vat_tag)]))
        if party.registration:
            registry.append(("", [(party.registration, None)]))
        if st.footer_style == "columns":
            name_tag, address_tag = self.once(block.name_tag), self.once(block.address_tag)
            self.used_tags.update(t for t in (name_tag, address_tag) if t)
            columns = [
                [("", [(party.name, name_tag)]), *[("", [(line, address_tag)]) for line in party.address_lines]],
                [(p, [(v, None)]) for p, v in (("Tel.", party.phone), ("", party.email), ("", party.website)) if v],
                bank,
                registry,
            ]
            columns = [c for c in columns if c]
            col_w = (self.right - self.left) / max(len(columns), 1)
            for ci, column in enumerate(columns):
                y = top + size + 4
                for li, (label, segments) in enumerate(column):
                    x = self.left + ci * col_w
                    # name and address lines were claimed above (the address continues over lines)
                    claimed = segments if ci == 0 else self.claim(segments)
                    line = ([(label + ": ", None)] if label else []) + claimed
                    fsize = size
                    room = self.left + (ci + 1) * col_w - 6 - x
                    while ink.width_of("".join(s for s, _ in line), self.regular, fsize) > room and fsize > 4.5:
                        fsize -= 0.25
                    ink.segments(x, y, line, self.regular, fsize, cont=ci == 0 and li > 1, color=(0.3, 0.3, 0.3))
                    y += size + 2
        else:
            items = [*bank, *registry]
            y = top + size + 4
            x = self.left
            for label, segments in items:
                text = (label + ": " if label else "") + "".join(s for s, _ in segments)
                w = ink.width_of(text + "  |  ", self.regular, size)
                if x + w > self.right and x > self.left:
                    x = self.left
                    y += size + 3
                line = ([(label + ": ", None)] if label else []) + self.claim(segments)
                ink.segments(x, y, line, self.regular, size, color=(0.3, 0.3, 0.3))
                x += w

    def finish_page(self) -> None:
        st, ink = self.style, self.ink
        self.footer()
        if st.page_numbers:
            self.page_number()
        ink.new_page()

    def page_number(self) -> None:
        """"Page 2" or "Page 2 of 3": the total is a form XObject filled in once the page count is known."""
        st, ink, lang = self.style, self.ink, self.spec.language
        size = max(st.size - 1.5, 6.0)
        y = self.page_h - st.margin_b / 2
        if not st.extra.get("page_of"):
            ink.text(self.right, y, f"{vocab.PAGE_WORD[lang]} {ink.page + 1}", self.regular, size, align="right")
            return
        text = f"{vocab.PAGE_WORD[lang]} {ink.page + 1} {vocab.OF_WORD[lang]} "
        x = self.right - ink.width_of(text + "0", self.regular, size)
        ink.text(x, y, text, self.regular, size)
        x_total = x + ink.width_of(text, self.regular, size)
        self.page_marks.append((ink.page, x_total, y, size))
        canvas = ink.canvas
        canvas.saveState()
        canvas.translate(x_total, self.page_h - y)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()

    def close_page_count(self) -> None:
        """Define the page-count form and record its word on every page that shows it."""
        if not self.page_marks:
            return
        total = str(self.ink.page + 1)
        size = self.page_marks[0][3]
        canvas = self.ink.canvas
        canvas.beginForm(PAGE_COUNT_FORM)
        canvas.setFont(self.regular, size)
        canvas.drawString(0, 0, total)
        canvas.endForm()
        width = self.ink.width_of(total, self.regular, size)
        for page, x, y, fsize in self.page_marks:
            self.ink.words.append(DrawnWord(total, page, x, y - fsize * 0.78, x + width, y + fsize * 0.22, None, False))

    # ── the whole document ──
    def render(self) -> None:
        spec, st, ink = self.spec, self.style, self.ink
        y = self.letterhead()
        band_top = max(y, st.margin_t + 95)
        bottom, wx0, wx1 = self.address_window(band_top)
        header_fields = list(spec.header)
        title_segments: list[tuple[str, str | None]] = [(spec.title, None)]
        first_tag = header_fields[0].segments[0][1] if header_fields and header_fields[0].segments else None
        if first_tag in NUMBER_TAGS and self.rng.random() < 0.25:  # "Invoice No. 4711" as the title line
            number = header_fields.pop(0)
            title_segments = [(f"{spec.title} {NUMBER_WORD[spec.language]} ", None), *number.segments]
        if st.header_pos == "beside" and spec.addressee is not None:
            if st.address_side == "left":
                hx0, hx1 = max(wx1 + 20, self.page_w * 0.55), self.right
            else:
                hx0, hx1 = self.left, wx0 - 20
            hb = self.header_block(header_fields, hx0, hx1, band_top)
            header_fields = []
            y = max(bottom, hb) + 14
        else:
            y = bottom + 14
        title_size = st.title_size
        x = {"left": self.left, "right": self.right, "center": self.page_w / 2}[st.title_pos]
        ink.segments(x, y + title_size, self.claim(title_segments), self.bold, title_size, align=st.title_pos,
                     color=st.accent if self.rng.random() < 0.5 else (0, 0, 0))
        y += title_size + 12
        if header_fields:
            y = self.header_block(header_fields, self.left, self.right, y) + 6
        for caption, block in spec.extra_parties:
            y = self.party_lines(block, self.left, y + st.size, st.size, caption=caption) + 12
        if spec.intro and st.intro:
            ink.text(self.left, y + st.size, spec.intro, self.regular, st.size)
            y += st.size + 12
        if spec.columns and spec.rows:
            y = self.draw_table(y)
        y = self.totals(y)
        y = self.notes(y)
        self.footer()
        if st.page_numbers and (ink.page > 0 or st.extra.get("page_of")):
            self.page_number()
        ink.canvas.showPage()
        self.close_page_count()
