"""How one document prints its values: dates, amounts, quantities, units, percentages, labels."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sap_llm.corpus.synth import formats, vocab
from sap_llm.corpus.synth.spec import Segment
from sap_llm.corpus.synth.style import Style

# unit code -> language -> printed words (all understood by sap_llm.normalize.units)
UNIT_WORDS: dict[str, dict[str, list[str]]] = {
    "EA": {"EN": ["pcs", "ea", "each", "units"], "DE": ["Stk", "Stk.", "St.", "Stück"],
           "FR": ["pce", "pièce", "pièces", "u"], "ES": ["ud", "uds", "u", "unidades"], "IT": ["pz", "pezzi", "nr", "pz."]},
    "KG": {"*": ["kg", "kg", "KG"]},
    "M": {"EN": ["m", "m", "metres"], "DE": ["m", "m", "Meter"], "FR": ["m", "mètres"], "ES": ["m", "metros"],
          "IT": ["m", "metri"]},
    "L": {"*": ["l", "L", "ltr"]},
    "H": {"EN": ["h", "hrs", "hours"], "DE": ["Std", "Std.", "h", "Stunden"], "FR": ["h", "heures"],
          "ES": ["h", "horas"], "IT": ["h", "ore"]},
    "PAK": {"EN": ["pack", "pk", "pkg"], "DE": ["Pkg", "Paket", "Packung"], "FR": ["paquet", "paquets"],
            "ES": ["paquete", "paquetes"], "IT": ["conf", "conf.", "confezione"]},
    "BOX": {"EN": ["box", "carton"], "DE": ["Karton", "Ktn"], "FR": ["carton", "cartons"], "ES": ["caja", "cajas"],
            "IT": ["scatola", "scatole"]},
    "ROL": {"EN": ["roll", "rolls"], "DE": ["Rolle", "Rollen"], "FR": ["rouleau", "rouleaux"], "ES": ["rollo", "rollos"],
            "IT": ["rotolo", "rotoli"]},
    "PR": {"EN": ["pair", "pairs"], "DE": ["Paar"], "FR": ["paire", "paires"], "ES": ["par", "pares"], "IT": ["paio", "paia"]},
    "MON": {"EN": ["month", "months"], "DE": ["Monat", "Monate"], "FR": ["mois"], "ES": ["mes", "meses"],
            "IT": ["mese", "mesi"]},
    "DAY": {"EN": ["day", "days"], "DE": ["Tag", "Tage"], "FR": ["jour", "jours"], "ES": ["día", "días"],
            "IT": ["giorno", "giorni"]},
    "LE": {"EN": ["lump sum", "flat"], "DE": ["pauschal", "pauschal"], "FR": ["forfait"], "ES": ["forfait"],
           "IT": ["forfait"]},
}

PAYMENT_TERMS: dict[str, list[str]] = {
    "EN": ["Payment within {d} days net", "Net {d} days", "{d0} days {p}% discount, {d} days net", "Due within {d} days",
           "Payable within {d} days of invoice date", "Strictly {d} days net"],
    "DE": ["Zahlbar innerhalb {d} Tagen ohne Abzug", "{d} Tage netto", "{d0} Tage {p}% Skonto, {d} Tage netto",
           "Zahlungsziel {d} Tage", "Zahlbar innerhalb von {d} Tagen netto Kasse",
           "Innerhalb {d0} Tagen {p}% Skonto"],
    "FR": ["Paiement à {d} jours net", "{d} jours fin de mois", "Règlement à {d} jours date de facture",
           "Escompte {p}% à {d0} jours, net à {d} jours", "Virement à {d} jours", "Paiement à réception, {d} jours maximum"],
    "ES": ["Pago a {d} días", "{d} días fecha factura", "Transferencia a {d} días", "Pronto pago {p}% a {d0} días, neto a {d} días",
           "Vencimiento a {d} días", "Pago mediante transferencia a {d} días"],
    "IT": ["Pagamento a {d} giorni data fattura", "Bonifico {d} gg d.f.", "{d} gg f.m.", "Sconto {p}% a {d0} giorni, netto {d} giorni",
           "Rimessa diretta {d} giorni", "Pagamento con bonifico a {d} giorni"],
}

INTROS: dict[str, dict[str, list[str]]] = {
    "invoice": {
        "EN": ["Thank you for your order. We invoice you as follows:", "Dear Sir or Madam, we hereby charge you for:",
               "As agreed, we invoice the following items:", "For goods delivered and services rendered we charge:"],
        "DE": ["Vielen Dank für Ihren Auftrag. Wir berechnen Ihnen wie folgt:", "Sehr geehrte Damen und Herren,",
               "Wie vereinbart berechnen wir:", "Für unsere Lieferungen und Leistungen berechnen wir:"],
        "FR": ["Nous vous remercions de votre commande.", "Madame, Monsieur, veuillez trouver ci-dessous le détail :",
               "Conformément à nos conditions générales de vente :", "Nous vous facturons les prestations suivantes :"],
        "ES": ["Gracias por su pedido. Le facturamos lo siguiente:", "Estimados señores:", "Según lo acordado, facturamos:",
               "Por los suministros realizados le facturamos:"],
        "IT": ["Grazie per il Vostro ordine. Vi addebitiamo quanto segue:", "Spettabile ditta,",
               "Come concordato, fatturiamo:", "Per le forniture effettuate Vi addebitiamo:"],
    },
    "order": {
        "EN": ["Please supply the following items:", "We are pleased to confirm the following:",
               "Please deliver in accordance with our terms and conditions:", "As agreed, we order the following:"],
        "DE": ["Hiermit bestellen wir zu den bekannten Konditionen:", "Wir bestätigen Ihnen folgenden Auftrag:",
               "Bitte liefern Sie gemäß unseren Einkaufsbedingungen:", "Wie besprochen bestellen wir:"],
        "FR": ["Veuillez nous livrer les articles suivants :", "Nous avons le plaisir de vous confirmer :",
               "Merci de livrer selon nos conditions générales d'achat :", "Comme convenu, nous commandons :"],
        "ES": ["Les rogamos nos suministren lo siguiente:", "Les confirmamos el siguiente pedido:",
               "Entregar según nuestras condiciones generales de compra:", "Según lo acordado, pedimos:"],
        "IT": ["Vi preghiamo di fornirci quanto segue:", "Vi confermiamo il seguente ordine:",
               "Consegnare secondo le nostre condizioni generali di acquisto:", "Come concordato, ordiniamo:"],
    },
}

THANKS: dict[str, list[str]] = {
    "EN": ["Thank you for your business.", "Please quote the invoice number with your payment.", "We appreciate your prompt payment.",
           "All goods remain our property until paid in full."],
    "DE": ["Vielen Dank für Ihren Einkauf.", "Bitte geben Sie bei Zahlung die Rechnungsnummer an.",
           "Die Ware bleibt bis zur vollständigen Bezahlung unser Eigentum.", "Wir danken für Ihr Vertrauen."],
    "FR": ["Merci de votre confiance.", "Merci de rappeler le numéro de facture lors du règlement.",
           "Pénalités de retard : trois fois le taux d'intérêt légal.", "Indemnité forfaitaire pour frais de recouvrement : 40 €."],
    "ES": ["Gracias por su confianza.", "Indique el número de factura en su transferencia.",
           "La mercancía viaja por cuenta y riesgo del comprador.", "Inscrita en el Registro Mercantil."],
    "IT": ["Grazie per la fiducia accordataci.", "Si prega di indicare il numero di fattura nel pagamento.",
           "Contributo ambientale CONAI assolto ove dovuto.", "Operazione soggetta a IVA ordinaria."],
}


class Printer:
    """Formats values for one document: its language, number style, date pattern and money style."""

    def __init__(self, style: Style, language: str, currency: str, rng: random.Random) -> None:
        self.style = style
        self.language = language
        self.currency = currency
        self.rng = rng
        self._units: dict[str, str] = {}

    # labels
    def label(self, key: str) -> str:
        return vocab.label(self.rng, key, self.language, self.style.split)

    def column(self, key: str) -> str:
        return vocab.column(self.rng, key, self.language, self.style.split)

    def title(self, key: str) -> str:
        return vocab.title(self.rng, key, self.language, self.style.split)

    # values
    def date(self, value: date) -> str:
        return formats.format_date(value, self.style.date_pattern, self.language)

    def num(self, value: Decimal, places: int = 2) -> str:
        return self.style.number_style.format(value, places)

    def amount(self, value: Decimal, tag: str | None, *, currency_tag: str | None = None,
               with_currency: bool = True) -> list[Segment]:
        text = self.num(value)
        if not with_currency:
            return [(text, tag)]
        prefix, number, suffix = formats.money_parts(text, self.currency, self.style.money_style)
        segments: list[Segment] = []
        if prefix:
            segments.append((prefix, currency_tag if prefix.strip() else None))
        segments.append((number, tag))
        if suffix:
            segments.append((suffix, currency_tag))
        return segments

    def currency_separate(self) -> bool:
        """True when amounts print the currency as its own word (so it can be tagged there)."""
        st = self.style.money_style
        return st.placement != "none" and not (st.glued and st.placement == "symbol_before")

    def qty(self, value: Decimal, places: int) -> str:
        return self.num(value, places) if places else str(int(value))

    def unit(self, code: str) -> str:
        """The unit word this document uses for ``code`` (one spelling per document, as real ones do)."""
        chosen = self._units.get(code)
        if chosen is None:
            words = UNIT_WORDS.get(code, {})
            options = words.get(self.language) or words.get("*") or [code]
            chosen = self._units[code] = self.rng.choice(options)
        return chosen

    def percent(self, rate: Decimal) -> str:
        places = max(0, -rate.normalize().as_tuple().exponent)  # 19 -> "19", 5.5 -> "5,5", 8.25 -> "8.25"
        text = self.num(rate, places).replace(self.style.number_style.thousands or "\0", "")
        return text + self.rng.choice(["%", " %", "%"])

    def payment_terms(self, days: int, discount_days: int | None) -> str:
        options = PAYMENT_TERMS[self.language]
        if discount_days is None:
            options = [o for o in options if "{d0}" not in o]
        template = self.rng.choice(options)
        early = min(discount_days or 10, max(days // 2, 5))
        return template.format(d=days, d0=early, p=self.rng.choice([2, 3]))
