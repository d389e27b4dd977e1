"""Structured facts that documents of a subtype print besides their title.

A direct-debit notice names its mandate and the creditor id, an accrual its
reversal date, a return to vendor why the goods go back, a freight invoice the
route and the weight it charges for. Real documents carry these, so a subtype
can be told from them when its title wording is new. Where the contract has a
field for the fact (``mandate_reference``, ``reversal_date``...) it is tagged
with it; otherwise it is printed text (a tag the contract lacks for the
document's type is dropped when the page is rendered). Each label lists four phrasings per
language, the last held out for the test layout families
(``vocab.split_synonyms``). A document prints each of its subtype's details
with probability ``DETAIL_SHARE``.

Table-shaped facts (a reminder's overdue days, a packing list's package
numbers, a return's reason per line) are columns chosen by the builders in
``content.py``; their labels are in ``DETAIL_COLUMNS``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sap_llm.corpus.synth.printing import Printer
from sap_llm.corpus.synth.spec import DocSpec, Field, value
from sap_llm.corpus.synth.values import Txn
from sap_llm.corpus.synth.vocab import pick

DETAIL_SHARE = 0.75

_L = dict[str, str]

DETAIL_LABELS: dict[str, _L] = {
    "dunning_level": {"EN": "Dunning level|Reminder level|Reminder no.|Dunning stage",
                      "DE": "Mahnstufe|Mahnung Nr.|Mahnstufe Nr.|Erinnerungsstufe",
                      "FR": "Niveau de relance|Relance n°|Degré de relance|Rappel n°",
                      "ES": "Nivel de reclamación|Recordatorio n.º|Nivel de aviso|Reclamación n.º",
                      "IT": "Livello di sollecito|Sollecito n.|Grado di sollecito|Richiamo n."},
    "dunning_fee": {"EN": "Dunning fee|Reminder fee|Late payment fee|Admin charge",
                    "DE": "Mahngebühr|Mahnspesen|Verzugsgebühr|Bearbeitungsgebühr",
                    "FR": "Frais de relance|Frais de rappel|Pénalité de retard|Indemnité de recouvrement",
                    "ES": "Gastos de reclamación|Recargo por demora|Gastos de aviso|Penalización por retraso",
                    "IT": "Spese di sollecito|Spese di richiamo|Penale di mora|Indennità di mora"},
    "pay_by": {"EN": "Please pay by|Pay by|Final date for payment|Settle by",
               "DE": "Zahlbar bis spätestens|Zahlung bis|Letzte Frist|Begleichen bis",
               "FR": "À régler avant le|Payer avant le|Date limite de paiement|Règlement au plus tard le",
               "ES": "Pagar antes del|Fecha límite de pago|Abonar antes del|Plazo final de pago",
               "IT": "Pagare entro il|Termine ultimo di pagamento|Saldare entro il|Scadenza ultima"},
    "mandate_reference": {"EN": "Mandate reference|Mandate ref.|Mandate ID|Mandate no.",
                          "DE": "Mandatsreferenz|Mandats-Ref.|Mandatsnummer|Mandat-ID",
                          "FR": "Référence du mandat|RUM|Réf. mandat|N° de mandat",
                          "ES": "Referencia del mandato|Ref. mandato|ID del mandato|N.º de mandato",
                          "IT": "Riferimento mandato|Rif. mandato|ID mandato|N. mandato"},
    "creditor_id": {"EN": "Creditor identifier|Creditor ID|SEPA creditor ID|Creditor ref.",
                    "DE": "Gläubiger-ID|Gläubiger-Identifikationsnummer|SEPA-Gläubiger-ID|Gläubiger-Nr.",
                    "FR": "ICS|Identifiant créancier SEPA|Identifiant du créancier|N° ICS",
                    "ES": "Identificador del acreedor|ID acreedor|ID acreedor SEPA|Ref. acreedor",
                    "IT": "Identificativo creditore|ID creditore|Codice creditore SEPA|Rif. creditore"},
    "reversal_date": {"EN": "Reversal date|Reverse on|Auto-reversal|Reversal posting date",
                      "DE": "Stornodatum|Auflösung am|Rückbuchung am|Umkehrdatum",
                      "FR": "Date d'extourne|Extourne le|Contrepassation le|Date de contre-passation",
                      "ES": "Fecha de reversión|Revertir el|Retrocesión el|Fecha de anulación",
                      "IT": "Data di storno|Storno il|Giroconto inverso il|Data storno automatico"},
    "original_document": {"EN": "Original document|Corrects document|Original posting|Reclassifies doc.",
                          "DE": "Ursprungsbeleg|Korrektur zu Beleg|Ursprüngliche Buchung|Umbuchung von Beleg",
                          "FR": "Pièce d'origine|Corrige la pièce|Écriture d'origine|Reclasse la pièce",
                          "ES": "Documento original|Corrige el documento|Asiento original|Reclasifica doc.",
                          "IT": "Documento originario|Rettifica documento|Registrazione originaria|Riclassifica doc."},
    "stock_type": {"EN": "Stock type|Posted to|Stock category|Receiving into",
                   "DE": "Bestandsart|Gebucht in|Bestandstyp|Zugang in",
                   "FR": "Type de stock|Entrée en|Catégorie de stock|Réception en",
                   "ES": "Tipo de stock|Contabilizado en|Categoría de stock|Entrada en",
                   "IT": "Tipo di stock|Registrato in|Categoria stock|Entrata in"},
    "order_value": {"EN": "Order value|Total order value|Contract value|Order total",
                    "DE": "Auftragswert|Gesamtauftragswert|Bestellwert|Vertragswert",
                    "FR": "Montant de la commande|Valeur de la commande|Total commande|Montant du marché",
                    "ES": "Importe del pedido|Valor del pedido|Total pedido|Importe del contrato",
                    "IT": "Valore ordine|Importo ordine|Totale ordine|Valore contratto"},
    "down_payment_share": {"EN": "Down payment|Advance rate|Deposit share|Instalment",
                           "DE": "Anzahlung|Anzahlungsquote|Abschlag|Vorschussanteil",
                           "FR": "Acompte|Taux d'acompte|Part d'acompte|Avance",
                           "ES": "Anticipo|Porcentaje de anticipo|Pago a cuenta|Entrega a cuenta",
                           "IT": "Acconto|Quota di acconto|Anticipo|Percentuale acconto"},
    "route": {"EN": "Route|From / to|Transport route|Lane",
              "DE": "Strecke|Von / nach|Transportweg|Relation",
              "FR": "Trajet|De / à|Itinéraire|Parcours",
              "ES": "Ruta|Origen / destino|Trayecto|Itinerario",
              "IT": "Tratta|Da / a|Percorso|Itinerario"},
    "chargeable_weight": {"EN": "Chargeable weight|Freight weight|Billed weight|Taxable weight",
                          "DE": "Frachtpflichtiges Gewicht|Abrechnungsgewicht|Frachtgewicht|Taxiergewicht",
                          "FR": "Poids taxable|Poids facturé|Poids de fret|Poids retenu",
                          "ES": "Peso tasable|Peso facturado|Peso de flete|Peso computable",
                          "IT": "Peso tassabile|Peso fatturato|Peso di nolo|Peso computato"},
    "valid_until": {"EN": "Valid until|Offer valid until|Price valid until|Validity",
                    "DE": "Gültig bis|Angebot gültig bis|Preise gültig bis|Gültigkeit",
                    "FR": "Valable jusqu'au|Offre valable jusqu'au|Prix valables jusqu'au|Validité",
                    "ES": "Válido hasta|Oferta válida hasta|Precios válidos hasta|Validez",
                    "IT": "Valido fino al|Offerta valida fino al|Prezzi validi fino al|Validità"},
    "rebate_period": {"EN": "Rebate period|Bonus year|Agreement period|Turnover year",
                      "DE": "Bonuszeitraum|Bonusjahr|Abrechnungszeitraum|Umsatzjahr",
                      "FR": "Période de ristourne|Année de référence|Période de l'accord|Exercice de remise",
                      "ES": "Periodo de rappel|Año del rappel|Periodo del acuerdo|Ejercicio de referencia",
                      "IT": "Periodo premio|Anno di riferimento|Periodo dell'accordo|Anno di fatturato"},
    "reference_invoice": {"EN": "Relates to invoice|Reference invoice|Further to invoice|Supplement to invoice",
                          "DE": "Bezug Rechnung|Zu Rechnung|Referenzrechnung|Nachtrag zu Rechnung",
                          "FR": "Se rapporte à la facture|Facture de référence|Suite à la facture|Complément facture",
                          "ES": "Relativa a la factura|Factura de referencia|En relación con factura|Complemento factura",
                          "IT": "Relativa alla fattura|Fattura di riferimento|Ad integrazione fattura|Rif. fattura"},
    "service_period": {"EN": "Service period|Period of performance|Services from|Performance period",
                       "DE": "Leistungszeitraum|Leistungszeit|Leistungen vom|Zeitraum der Leistung",
                       "FR": "Période de prestation|Prestations du|Période d'exécution|Période de service",
                       "ES": "Periodo de servicio|Servicios del|Periodo de prestación|Periodo de ejecución",
                       "IT": "Periodo di prestazione|Servizi dal|Periodo di esecuzione|Periodo di servizio"},
    "credit_reason": {"EN": "Reason for credit|Credit reason|Reason|Grounds",
                      "DE": "Gutschriftsgrund|Grund der Gutschrift|Grund|Anlass",
                      "FR": "Motif de l'avoir|Motif|Raison de l'avoir|Objet",
                      "ES": "Motivo del abono|Motivo|Causa del abono|Concepto",
                      "IT": "Motivo dell'accredito|Motivo|Causale accredito|Oggetto"},
    "production_order": {"EN": "Production order|Prod. order|Work order|Manufacturing order",
                         "DE": "Fertigungsauftrag|FA-Nr.|Produktionsauftrag|Werkauftrag",
                         "FR": "Ordre de fabrication|OF n°|Ordre de production|Bon de fabrication",
                         "ES": "Orden de fabricación|OF n.º|Orden de producción|Orden de trabajo",
                         "IT": "Ordine di produzione|OdP n.|Ordine di lavorazione|Commessa di produzione"},
    "value_limit": {"EN": "Value limit|Maximum value|Ceiling amount|Limit",
                    "DE": "Wertgrenze|Höchstwert|Obergrenze|Limit",
                    "FR": "Plafond|Montant maximum|Valeur limite|Limite",
                    "ES": "Importe máximo|Límite de valor|Tope|Límite",
                    "IT": "Limite di valore|Importo massimo|Tetto|Limite"},
    "validity": {"EN": "Validity period|Valid from / to|Agreement period|Term",
                 "DE": "Laufzeit|Gültig von / bis|Vertragslaufzeit|Gültigkeitszeitraum",
                 "FR": "Période de validité|Valable du / au|Durée de l'accord|Durée",
                 "ES": "Periodo de validez|Válido desde / hasta|Vigencia del acuerdo|Vigencia",
                 "IT": "Periodo di validità|Valido dal / al|Durata dell'accordo|Durata"},
    "priority": {"EN": "Priority|Urgency|Shipping priority|Handling",
                 "DE": "Priorität|Dringlichkeit|Versandpriorität|Abwicklung",
                 "FR": "Priorité|Urgence|Priorité d'expédition|Traitement",
                 "ES": "Prioridad|Urgencia|Prioridad de envío|Tramitación",
                 "IT": "Priorità|Urgenza|Priorità di spedizione|Evasione"},
    "supplying_plant": {"EN": "Supplying plant|From plant|Issuing plant|Source plant",
                        "DE": "Lieferwerk|Abgebendes Werk|Von Werk|Quellwerk",
                        "FR": "Site fournisseur|Depuis le site|Site émetteur|Site d'origine",
                        "ES": "Centro suministrador|Desde centro|Centro emisor|Centro de origen",
                        "IT": "Stabilimento fornitore|Da stabilimento|Stabilimento cedente|Stabilimento di origine"},
    "return_reason": {"EN": "Return reason|Reason for return|Returned because|Return cause",
                      "DE": "Rücksendegrund|Grund der Rücksendung|Retourengrund|Rückgabegrund",
                      "FR": "Motif du retour|Raison du retour|Retour pour|Cause du retour",
                      "ES": "Motivo de la devolución|Razón de devolución|Devuelto por|Causa de devolución",
                      "IT": "Motivo del reso|Causale reso|Reso per|Causa del reso"},
}

DETAIL_COLUMNS: dict[str, _L] = {
    "_due_date": {"EN": "Due Date|Due|Payable by|Due on", "DE": "Fällig am|Fällig|Fälligkeit|Fällig seit",
                  "FR": "Échéance|Échu le|Date d'échéance|Exigible le",
                  "ES": "Vencimiento|Vence|Fecha venc.|Vencida el", "IT": "Scadenza|Scad.|Data scadenza|Scaduta il"},
    "_days_overdue": {"EN": "Days Overdue|Days Late|Overdue (days)|Days",
                      "DE": "Tage überfällig|Verzug (Tage)|Überfällig seit|Tage",
                      "FR": "Jours de retard|Retard (j)|Jours échus|Jours",
                      "ES": "Días de retraso|Días vencidos|Retraso (días)|Días",
                      "IT": "Giorni di ritardo|Gg. scaduti|Ritardo (gg)|Giorni"},
    "package_count": {"EN": "Packages|Pkgs|No. of Packages|Colli", "DE": "Packstücke|Colli|Anz. Pakete|Kolli",
                      "FR": "Colis|Nb colis|Nombre de colis|Unités", "ES": "Bultos|N.º bultos|Paquetes|Bultos totales",
                      "IT": "Colli|N. colli|Imballi|Numero colli"},
    "gross_weight": {"EN": "Gross Weight|Weight (kg)|Gross kg|Wt.", "DE": "Bruttogewicht|Gewicht (kg)|Brutto kg|Gew.",
                     "FR": "Poids brut|Poids (kg)|Brut kg|Pds", "ES": "Peso bruto|Peso (kg)|Bruto kg|Peso",
                     "IT": "Peso lordo|Peso (kg)|Lordo kg|Peso"},
    "reason": {"EN": "Return Reason|Reason|Cause|Reason Code", "DE": "Rücksendegrund|Grund|Ursache|Grund-Code",
               "FR": "Motif de retour|Motif|Cause|Code motif", "ES": "Motivo de devolución|Motivo|Causa|Código motivo",
               "IT": "Motivo del reso|Motivo|Causa|Codice motivo"},
    "backorder_quantity": {"EN": "Backorder|Open Qty|To Follow|Outstanding", "DE": "Rückstand|Offen|Folgt|Restmenge",
                           "FR": "Reliquat|Qté restante|À suivre|Solde", "ES": "Pendiente|Cant. pendiente|A seguir|Resto",
                           "IT": "Residuo|Qtà residua|A seguire|Inevaso"},
}

RETURN_REASONS: _L = {
    "EN": "Damaged in transit|Wrong material|Quality defect|Excess delivery|Expired|Wrong quantity",
    "DE": "Transportschaden|Falsches Material|Qualitätsmangel|Überlieferung|Verfallen|Falsche Menge",
    "FR": "Avarie de transport|Mauvais article|Défaut qualité|Livraison excédentaire|Périmé|Quantité erronée",
    "ES": "Dañado en transporte|Material erróneo|Defecto de calidad|Exceso de entrega|Caducado|Cantidad errónea",
    "IT": "Danneggiato nel trasporto|Materiale errato|Difetto di qualità|Consegna in eccesso|Scaduto|Quantità errata",
}
BLOCKED_STOCK: _L = {
    "EN": "Quality inspection|Blocked stock|QI stock|Restricted stock",
    "DE": "Qualitätsprüfbestand|Gesperrter Bestand|QM-Bestand|Sperrbestand",
    "FR": "Stock en contrôle qualité|Stock bloqué|Stock CQ|Stock réservé",
    "ES": "Stock en control de calidad|Stock bloqueado|Stock CC|Stock restringido",
    "IT": "Stock in controllo qualità|Stock bloccato|Stock CQ|Stock vincolato",
}

PRICE_REASONS: _L = {
    "EN": "Price difference|Wrong price invoiced|Agreed price reduction|Quantity discount",
    "DE": "Preisdifferenz|Falscher Preis berechnet|Vereinbarte Preissenkung|Mengenrabatt",
    "FR": "Écart de prix|Prix facturé erroné|Baisse de prix convenue|Remise quantitative",
    "ES": "Diferencia de precio|Precio facturado erróneo|Rebaja de precio acordada|Descuento por volumen",
    "IT": "Differenza di prezzo|Prezzo fatturato errato|Riduzione di prezzo concordata|Sconto quantità",
}
SCRAP_REASONS: _L = {
    "EN": "Damaged|Expired|Obsolete|Quality defect|Broken in handling",
    "DE": "Beschädigt|Verfallen|Veraltet|Qualitätsmangel|Bruch",
    "FR": "Endommagé|Périmé|Obsolète|Défaut qualité|Casse",
    "ES": "Dañado|Caducado|Obsoleto|Defecto de calidad|Rotura",
    "IT": "Danneggiato|Scaduto|Obsoleto|Difetto di qualità|Rottura",
}
PRIORITIES: _L = {
    "EN": "URGENT|Express|Rush - same day|Top priority",
    "DE": "EILT|Express|Dringend - gleicher Tag|Höchste Priorität",
    "FR": "URGENT|Express|Urgent - jour même|Priorité maximale",
    "ES": "URGENTE|Exprés|Urgente - mismo día|Máxima prioridad",
    "IT": "URGENTE|Espresso|Urgente - in giornata|Massima priorità",
}


def one_of(table: _L, rng: random.Random, language: str) -> str:
    return rng.choice(table[language].split("|"))


def detail_label(rng: random.Random, key: str, language: str, split: str) -> str:
    return pick(rng, DETAIL_LABELS, key, language, split)


def detail_column(rng: random.Random, key: str, language: str, split: str) -> str:
    return pick(rng, DETAIL_COLUMNS, key, language, split)


def _city(lines: list[str]) -> str:
    """The town of an address's last line ("20457 Hamburg, DE" -> "Hamburg")."""
    last = lines[-1].split(",")[0].strip() if lines else ""
    words = [w for w in last.split() if not any(c.isdigit() for c in w)]
    return " ".join(words) or last


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def _end_of_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


# Each maker returns one printed header field.
Maker = Callable[[Printer, Txn, random.Random], Field]


def _label(p: Printer, rng: random.Random, key: str) -> str:
    return detail_label(rng, key, p.language, p.style.split)


def _mandate(p: Printer, txn: Txn, rng: random.Random) -> Field:
    ref = f"{rng.choice(['MNDT', 'MD', 'SEPA', 'M'])}-{txn.doc_date.year}-{_digits(rng, 6)}"
    return value(_label(p, rng, "mandate_reference"), ref, "mandate_reference", ref)


def _creditor_id(p: Printer, txn: Txn, rng: random.Random) -> Field:
    country = txn.supplier.country if len(txn.supplier.country) == 2 else "DE"
    cid = f"{country}{_digits(rng, 2)}ZZZ{_digits(rng, 11)}"
    return value(_label(p, rng, "creditor_id"), cid, "creditor_id", cid)


def _dunning_level(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "dunning_level"), str(rng.choice([1, 1, 2, 2, 3])), None)


def _dunning_fee(p: Printer, txn: Txn, rng: random.Random) -> Field:
    fee = Decimal(rng.choice(["5.00", "7.50", "10.00", "15.00", "40.00"]))
    return value(_label(p, rng, "dunning_fee"), f"{p.num(fee)} {txn.currency}", None)


def _pay_by(p: Printer, txn: Txn, rng: random.Random) -> Field:
    due = txn.doc_date + timedelta(days=rng.choice([7, 10, 14]))
    return value(_label(p, rng, "pay_by"), p.date(due), "due_date", due.isoformat())


def _reversal(p: Printer, txn: Txn, rng: random.Random) -> Field:
    day = _end_of_month(txn.doc_date) + timedelta(days=1)
    return value(_label(p, rng, "reversal_date"), p.date(day), "reversal_date", day.isoformat())


def _original_document(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "original_document"), f"{rng.choice(['1', '5', '19'])}{_digits(rng, 8)}", None)


def _stock_type(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "stock_type"), one_of(BLOCKED_STOCK, rng, p.language), None)


def _order_value(p: Printer, txn: Txn, rng: random.Random) -> Field:
    share = Decimal(rng.choice([20, 25, 30, 40, 50]))
    order = (txn.net * 100 / share).quantize(Decimal("0.01"))
    return value(_label(p, rng, "order_value"), f"{p.num(order)} {txn.currency}", None)


def _down_payment_share(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "down_payment_share"), f"{rng.choice([20, 25, 30, 40, 50])} %", None)


def _route(p: Printer, txn: Txn, rng: random.Random) -> Field:
    origin, destination = _city(txn.supplier.address_lines), _city(txn.customer.address_lines)
    return value(_label(p, rng, "route"), f"{origin} - {destination}", None)


def _chargeable_weight(p: Printer, txn: Txn, rng: random.Random) -> Field:
    weight = Decimal(rng.randint(80, 24000))
    return value(_label(p, rng, "chargeable_weight"), f"{p.num(weight, 0)} kg", None)


def _valid_until(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "valid_until"), p.date(txn.doc_date + timedelta(days=rng.choice([14, 30, 60]))), None)


def _rebate_period(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "rebate_period"), str(txn.doc_date.year - 1), None)


def _reference_invoice(p: Printer, txn: Txn, rng: random.Random) -> Field:
    ref = f"{txn.number[:-2]}{rng.randint(10, 99)}" if len(txn.number) > 4 else f"RE{_digits(rng, 6)}"
    return value(_label(p, rng, "reference_invoice"), ref, "original_invoice_number", ref)


def _date_span(p: Printer, rng: random.Random, key: str, start: date, end: date, start_tag: str,
               end_tag: str) -> Field:
    """The label, then "<start> - <end>" with the two dates tagged as a pair of contract fields."""
    return Field(_label(p, rng, key), [(p.date(start), start_tag), (" - ", None), (p.date(end), end_tag)],
                 {start_tag: start.isoformat(), end_tag: end.isoformat()})


def _service_period(p: Printer, txn: Txn, rng: random.Random) -> Field:
    """The calendar month before the document's."""
    start = (txn.doc_date.replace(day=1) - timedelta(days=1)).replace(day=1)
    return _date_span(p, rng, "service_period", start, _end_of_month(start), "service_period_start",
                      "service_period_end")


def _validity(p: Printer, txn: Txn, rng: random.Random) -> Field:
    """A year from the first of the document's month."""
    start = txn.doc_date.replace(day=1)
    end = date(start.year + 1, start.month, 1) - timedelta(days=1)
    return _date_span(p, rng, "validity", start, end, "validity_start", "validity_end")


def _value_limit(p: Printer, txn: Txn, rng: random.Random) -> Field:
    limit = Decimal(rng.choice([10000, 25000, 50000, 100000, 250000]))
    return Field(_label(p, rng, "value_limit"), [(p.num(limit), "target_value"), (f" {txn.currency}", None)],
                 {"target_value": float(limit)})


def _credit_reason(table: _L) -> Maker:
    def make(p: Printer, txn: Txn, rng: random.Random) -> Field:
        reason = one_of(table, rng, p.language)
        return value(_label(p, rng, "credit_reason"), reason, "credit_reason", reason)
    return make


def _production_order(p: Printer, txn: Txn, rng: random.Random) -> Field:
    order = f"1{_digits(rng, 7)}"
    return value(_label(p, rng, "production_order"), order, "production_order", order)


def _priority(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "priority"), one_of(PRIORITIES, rng, p.language), None)


def _supplying_plant(p: Printer, txn: Txn, rng: random.Random) -> Field:
    plants = [c for c in ("1010", "1020", "2010", "2020") if c != txn.plant]
    return value(_label(p, rng, "supplying_plant"), rng.choice(plants), None)


def _return_reason(p: Printer, txn: Txn, rng: random.Random) -> Field:
    return value(_label(p, rng, "return_reason"), one_of(RETURN_REASONS, rng, p.language), None)


SUBTYPE_DETAILS: dict[str, tuple[Maker, ...]] = {
    "DEBIT_MEMO": (_reference_invoice,),
    "SERVICE_INVOICE": (_service_period,),
    "RETURN_CREDIT": (_credit_reason(RETURN_REASONS),),
    "PRICE_ADJUSTMENT": (_credit_reason(PRICE_REASONS),),
    "PRODUCTION_ORDER": (_production_order,),
    "BLANKET_PO": (_validity, _value_limit),
    "FRAMEWORK_ORDER": (_validity,),
    "SCHEDULING_AGREEMENT": (_validity,),
    "RUSH_ORDER": (_priority,),
    "STOCK_TRANSFER_PO": (_supplying_plant,),
    "RETURN_PO": (_return_reason,),
    "RETURNS_ORDER": (_return_reason,),
    "SERVICE_PO": (_service_period,),
    "DIRECT_DEBIT_NOTICE": (_mandate, _creditor_id),
    "PAYMENT_REMINDER": (_dunning_level, _dunning_fee, _pay_by),
    "ACCRUAL": (_reversal,),
    "RECLASSIFICATION": (_original_document,),
    "GR_BLOCKED_STOCK": (_stock_type,),
    "PREPAYMENT": (_order_value, _down_payment_share),
    "DOWN_PAYMENT_REQUEST": (_order_value, _down_payment_share),
    "FREIGHT_INVOICE": (_route, _chargeable_weight),
    "PROFORMA_INVOICE": (_valid_until,),
    "REBATE_CREDIT": (_rebate_period,),
}


def add_details(spec: DocSpec, p: Printer, txn: Txn, rng: random.Random) -> None:
    """Print ``spec.subtype``'s details into its header, each with probability ``DETAIL_SHARE``, at random places
    after the first two header fields (number and date stay first)."""
    for make in SUBTYPE_DETAILS.get(spec.subtype, ()):
        if rng.random() >= DETAIL_SHARE:
            continue
        spec.header.insert(rng.randint(min(2, len(spec.header)), len(spec.header)), make(p, txn, rng))
