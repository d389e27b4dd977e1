"""What a master-data form of a subtype prints besides its subject line.

A request to change a supplier's bank details names the account it replaces
and why; a change of address the address it replaces; a credit application
the applicant's turnover and years in business; a price update the old price
and why it changes; a product data sheet dimensions, shelf life and storage;
a spare part the equipment it fits. Real forms carry these, so the subtype can
be told from the body when the subject line is worded differently or missing.

None of these facts is a contract field (the form's fields are the new
values), so they are printed untagged: the tagger learns that a previous
IBAN is not the IBAN. Section captions and labels list four phrasings per
language, the last held out for the test layout families
(``vocab.split_synonyms``). A form prints its subtype's section with
probability ``FORM_DETAIL_SHARE``; the section draws from its own random
stream, so the rest of the form is unchanged.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sap_llm.corpus.synth.details import one_of
from sap_llm.corpus.synth.parties import format_iban, make_bank_account, random_party
from sap_llm.corpus.synth.printing import Printer
from sap_llm.corpus.synth.vocab import pick

FORM_DETAIL_SHARE = 0.75

_L = dict[str, str]

FORM_SECTIONS: dict[str, _L] = {
    "previous_bank": {"EN": "Previous bank details|Old bank account|Account to be replaced|Current bank details",
                      "DE": "Bisherige Bankverbindung|Alte Bankverbindung|Zu ersetzendes Konto|Derzeitige Bankverbindung",
                      "FR": "Anciennes coordonnées bancaires|Ancien compte|Compte à remplacer|Coordonnées actuelles",
                      "ES": "Datos bancarios anteriores|Cuenta anterior|Cuenta a sustituir|Datos bancarios actuales",
                      "IT": "Coordinate bancarie precedenti|Vecchio conto|Conto da sostituire|Coordinate attuali"},
    "previous_address": {"EN": "Previous address|Old address|Address to be replaced|Moving from",
                         "DE": "Bisherige Anschrift|Alte Adresse|Zu ersetzende Anschrift|Umzug von",
                         "FR": "Ancienne adresse|Adresse précédente|Adresse à remplacer|Déménagement de",
                         "ES": "Dirección anterior|Antigua dirección|Dirección a sustituir|Traslado desde",
                         "IT": "Indirizzo precedente|Vecchio indirizzo|Indirizzo da sostituire|Trasferimento da"},
    "credit": {"EN": "Credit information|Financial information|Credit check|Applicant's finances",
               "DE": "Bonitätsangaben|Finanzangaben|Kreditprüfung|Angaben zur Bonität",
               "FR": "Informations de crédit|Informations financières|Analyse de solvabilité|Situation financière",
               "ES": "Información crediticia|Datos financieros|Análisis de solvencia|Situación financiera",
               "IT": "Informazioni creditizie|Dati finanziari|Verifica di affidabilità|Situazione finanziaria"},
    "price_change": {"EN": "Price change|Price revision|Change in price|New conditions",
                     "DE": "Preisänderung|Preisanpassung|Neue Konditionen|Änderung der Preise",
                     "FR": "Modification de prix|Révision tarifaire|Nouvelles conditions|Changement de tarif",
                     "ES": "Cambio de precio|Revisión de precios|Nuevas condiciones|Modificación de tarifa",
                     "IT": "Variazione di prezzo|Revisione listino|Nuove condizioni|Modifica tariffa"},
    "technical": {"EN": "Technical data|Specifications|Product specification|Technical details",
                  "DE": "Technische Daten|Spezifikation|Produktspezifikation|Technische Angaben",
                  "FR": "Caractéristiques techniques|Spécifications|Fiche produit|Données techniques",
                  "ES": "Datos técnicos|Especificaciones|Especificación del producto|Características técnicas",
                  "IT": "Dati tecnici|Specifiche|Specifica di prodotto|Caratteristiche tecniche"},
    "spare_part": {"EN": "Spare part data|Service part|Parts information|Spare part usage",
                   "DE": "Ersatzteildaten|Serviceteil|Teileinformation|Ersatzteilverwendung",
                   "FR": "Données pièce de rechange|Pièce de service|Informations pièce|Utilisation de la pièce",
                   "ES": "Datos del repuesto|Pieza de servicio|Información de la pieza|Uso del repuesto",
                   "IT": "Dati ricambio|Parte di servizio|Informazioni ricambio|Impiego del ricambio"},
}

FORM_LABELS: dict[str, _L] = {
    "old_iban": {"EN": "Old IBAN|Previous IBAN|IBAN (old)|Replaced IBAN",
                 "DE": "Alte IBAN|Bisherige IBAN|IBAN (alt)|Ersetzte IBAN",
                 "FR": "Ancien IBAN|IBAN précédent|IBAN (ancien)|IBAN remplacé",
                 "ES": "IBAN anterior|Antiguo IBAN|IBAN (antiguo)|IBAN sustituido",
                 "IT": "IBAN precedente|Vecchio IBAN|IBAN (vecchio)|IBAN sostituito"},
    "old_bank": {"EN": "Old bank|Previous bank|Bank (old)|Former bank",
                 "DE": "Alte Bank|Bisherige Bank|Bank (alt)|Frühere Bank",
                 "FR": "Ancienne banque|Banque précédente|Banque (ancienne)|Ex-banque",
                 "ES": "Banco anterior|Antiguo banco|Banco (antiguo)|Entidad anterior",
                 "IT": "Banca precedente|Vecchia banca|Banca (vecchia)|Istituto precedente"},
    "change_reason": {"EN": "Reason for change|Reason|Change reason|Cause of change",
                      "DE": "Grund der Änderung|Grund|Änderungsgrund|Anlass der Änderung",
                      "FR": "Motif du changement|Motif|Raison du changement|Cause de la modification",
                      "ES": "Motivo del cambio|Motivo|Razón del cambio|Causa de la modificación",
                      "IT": "Motivo della variazione|Motivo|Causale|Ragione della modifica"},
    "old_street": {"EN": "Old street|Previous street|Street (old)|Former address line",
                   "DE": "Alte Straße|Bisherige Straße|Straße (alt)|Frühere Anschrift",
                   "FR": "Ancienne rue|Rue précédente|Rue (ancienne)|Ancienne voie",
                   "ES": "Calle anterior|Antigua calle|Calle (antigua)|Domicilio anterior",
                   "IT": "Via precedente|Vecchia via|Via (vecchia)|Recapito precedente"},
    "old_city": {"EN": "Old town|Previous city|City (old)|Former town",
                 "DE": "Alter Ort|Bisheriger Ort|Ort (alt)|Früherer Ort",
                 "FR": "Ancienne ville|Ville précédente|Ville (ancienne)|Ancienne localité",
                 "ES": "Población anterior|Antigua ciudad|Ciudad (antigua)|Localidad anterior",
                 "IT": "Città precedente|Vecchia città|Città (vecchia)|Località precedente"},
    "moved_on": {"EN": "Moved on|Moving date|Relocation date|New address from",
                 "DE": "Umzug am|Umzugsdatum|Verlegung am|Neue Anschrift ab",
                 "FR": "Déménagement le|Date du déménagement|Transfert le|Nouvelle adresse dès le",
                 "ES": "Traslado el|Fecha de traslado|Mudanza el|Nueva dirección desde",
                 "IT": "Trasferimento il|Data del trasloco|Sede trasferita il|Nuovo indirizzo dal"},
    "annual_turnover": {"EN": "Annual turnover|Yearly sales|Turnover last year|Annual revenue",
                        "DE": "Jahresumsatz|Umsatz pro Jahr|Umsatz Vorjahr|Jahreserlöse",
                        "FR": "Chiffre d'affaires annuel|CA annuel|CA de l'an dernier|Revenu annuel",
                        "ES": "Facturación anual|Ventas anuales|Facturación del año anterior|Ingresos anuales",
                        "IT": "Fatturato annuo|Vendite annue|Fatturato anno precedente|Ricavi annui"},
    "years_in_business": {"EN": "Years in business|Trading since|Founded|In business since",
                          "DE": "Jahre am Markt|Tätig seit|Gegründet|Im Geschäft seit",
                          "FR": "Années d'activité|En activité depuis|Fondée en|Exerce depuis",
                          "ES": "Años de actividad|Operando desde|Fundada en|En activo desde",
                          "IT": "Anni di attività|Attiva dal|Fondata nel|Operativa dal"},
    "employees": {"EN": "Employees|Staff|Headcount|Number of employees",
                  "DE": "Mitarbeiter|Beschäftigte|Personalstand|Anzahl Mitarbeiter",
                  "FR": "Salariés|Effectif|Personnel|Nombre de salariés",
                  "ES": "Empleados|Plantilla|Personal|Número de empleados",
                  "IT": "Dipendenti|Organico|Personale|Numero di dipendenti"},
    "old_price": {"EN": "Old price|Previous price|Current price|Price until now",
                  "DE": "Alter Preis|Bisheriger Preis|Aktueller Preis|Preis bisher",
                  "FR": "Ancien prix|Prix précédent|Prix actuel|Prix jusqu'ici",
                  "ES": "Precio anterior|Antiguo precio|Precio actual|Precio hasta ahora",
                  "IT": "Prezzo precedente|Vecchio prezzo|Prezzo attuale|Prezzo finora"},
    "price_change": {"EN": "Change|Increase / decrease|Price change in %|Adjustment",
                     "DE": "Änderung|Erhöhung / Senkung|Preisänderung in %|Anpassung",
                     "FR": "Variation|Hausse / baisse|Variation en %|Ajustement",
                     "ES": "Variación|Subida / bajada|Variación en %|Ajuste",
                     "IT": "Variazione|Aumento / riduzione|Variazione in %|Adeguamento"},
    "dimensions": {"EN": "Dimensions (L x W x H)|Size|Dimensions|Measurements",
                   "DE": "Abmessungen (L x B x H)|Maße|Abmessungen|Größe",
                   "FR": "Dimensions (L x l x H)|Taille|Dimensions|Encombrement",
                   "ES": "Dimensiones (L x A x H)|Medidas|Dimensiones|Tamaño",
                   "IT": "Dimensioni (L x P x H)|Misure|Dimensioni|Ingombro"},
    "shelf_life": {"EN": "Shelf life|Minimum shelf life|Best before (months)|Storage life",
                   "DE": "Haltbarkeit|Mindesthaltbarkeit|Haltbar (Monate)|Lagerfähigkeit",
                   "FR": "Durée de conservation|DLUO|Conservation (mois)|Durée de stockage",
                   "ES": "Vida útil|Caducidad mínima|Consumir antes (meses)|Vida de almacenamiento",
                   "IT": "Durata di conservazione|Shelf life|Conservazione (mesi)|Vita di magazzino"},
    "storage": {"EN": "Storage conditions|Store at|Storage|Keep",
                "DE": "Lagerbedingungen|Lagerung bei|Lagerung|Aufbewahrung",
                "FR": "Conditions de stockage|Stocker à|Stockage|Conservation",
                "ES": "Condiciones de almacenamiento|Almacenar a|Almacenamiento|Conservación",
                "IT": "Condizioni di stoccaggio|Conservare a|Stoccaggio|Conservazione"},
    "fits_equipment": {"EN": "Fits equipment|For machine|Used in|Compatible with",
                       "DE": "Passend für Anlage|Für Maschine|Verwendet in|Kompatibel mit",
                       "FR": "Pour équipement|Pour machine|Utilisé sur|Compatible avec",
                       "ES": "Para equipo|Para máquina|Usado en|Compatible con",
                       "IT": "Per impianto|Per macchina|Impiegato su|Compatibile con"},
    "replaces_part": {"EN": "Replaces part|Supersedes|Old part no.|Successor of",
                      "DE": "Ersetzt Teil|Ersetzt|Alte Teilenr.|Nachfolger von",
                      "FR": "Remplace la pièce|Remplace|Ancienne réf.|Successeur de",
                      "ES": "Sustituye a la pieza|Sustituye|Ref. antigua|Sucesor de",
                      "IT": "Sostituisce il pezzo|Sostituisce|Vecchio codice|Successore di"},
}

BANK_CHANGE_REASONS: _L = {
    "EN": "New house bank|Bank merger|Account closed|Change of bank",
    "DE": "Neue Hausbank|Bankfusion|Konto aufgelöst|Bankwechsel",
    "FR": "Nouvelle banque principale|Fusion bancaire|Compte clôturé|Changement de banque",
    "ES": "Nuevo banco principal|Fusión bancaria|Cuenta cancelada|Cambio de banco",
    "IT": "Nuova banca di riferimento|Fusione bancaria|Conto chiuso|Cambio di banca",
}
PRICE_REASONS: _L = {
    "EN": "Raw material costs|Annual price review|Energy surcharge|Currency effects",
    "DE": "Rohstoffkosten|Jährliche Preisüberprüfung|Energiezuschlag|Währungseffekte",
    "FR": "Coût des matières premières|Révision annuelle|Surcharge énergie|Effets de change",
    "ES": "Coste de materias primas|Revisión anual de precios|Recargo energético|Efecto divisa",
    "IT": "Costo materie prime|Revisione annuale listino|Supplemento energia|Effetto cambio",
}
STORAGE: _L = {
    "EN": "dry, 5-25 °C|cool and dry|below 30 °C|frost-free",
    "DE": "trocken, 5-25 °C|kühl und trocken|unter 30 °C|frostfrei",
    "FR": "au sec, 5-25 °C|au frais et au sec|moins de 30 °C|hors gel",
    "ES": "seco, 5-25 °C|fresco y seco|por debajo de 30 °C|sin heladas",
    "IT": "asciutto, 5-25 °C|fresco e asciutto|sotto i 30 °C|al riparo dal gelo",
}
MONTHS: _L = {"EN": "months", "DE": "Monate", "FR": "mois", "ES": "meses", "IT": "mesi"}

#: (label, printed text) pairs of one section.
Entries = list[tuple[str, str]]
Maker = Callable[[Printer, random.Random, str, date], Entries]


def _label(p: Printer, rng: random.Random, key: str) -> str:
    return pick(rng, FORM_LABELS, key, p.language, p.style.split)


def _previous_bank(p: Printer, rng: random.Random, country: str, day: date) -> Entries:
    iban, _bic, bank = make_bank_account(rng, country)
    entries = [(_label(p, rng, "old_iban"), format_iban(iban, rng)), (_label(p, rng, "old_bank"), bank)]
    if rng.random() < 0.6:
        entries.append((_label(p, rng, "change_reason"), one_of(BANK_CHANGE_REASONS, rng, p.language)))
    return entries


def _previous_address(p: Printer, rng: random.Random, country: str, day: date) -> Entries:
    old = random_party(rng, country, p.language, with_bank=False)
    entries = [(_label(p, rng, "old_street"), old.address_lines[0]),
               (_label(p, rng, "old_city"), old.address_lines[-1])]
    if rng.random() < 0.6:
        entries.append((_label(p, rng, "moved_on"), p.date(day - timedelta(days=rng.randint(3, 40)))))
    return entries


def _credit(p: Printer, rng: random.Random, country: str, day: date) -> Entries:
    turnover = Decimal(rng.randint(2, 900) * 10000)
    return [(_label(p, rng, "annual_turnover"), f"{p.num(turnover, 0)} {p.currency}"),
            (_label(p, rng, "years_in_business"), str(rng.choice([day.year - rng.randint(2, 60), rng.randint(2, 60)]))),
            (_label(p, rng, "employees"), str(rng.choice([8, 25, 40, 120, 350, 1200])))]


def _price_change(p: Printer, rng: random.Random, country: str, day: date) -> Entries:
    old = Decimal(str(round(rng.uniform(2, 900), 2)))
    percent = rng.choice([-5, -3, 2, 3, 4, 5, 8, 12])
    return [(_label(p, rng, "old_price"), f"{p.num(old)} {p.currency}"),
            (_label(p, rng, "price_change"), f"{percent:+d} %"),
            (_label(p, rng, "change_reason"), one_of(PRICE_REASONS, rng, p.language))]


def _technical(p: Printer, rng: random.Random, country: str, day: date) -> Entries:
    length, width, height = (rng.randint(5, 120) for _ in range(3))
    return [(_label(p, rng, "dimensions"), f"{length} x {width} x {height} cm"),
            (_label(p, rng, "shelf_life"), f"{rng.choice([6, 12, 18, 24, 36])} {MONTHS[p.language]}"),
            (_label(p, rng, "storage"), one_of(STORAGE, rng, p.language))]


def _spare_part(p: Printer, rng: random.Random, country: str, day: date) -> Entries:
    machine = f"{rng.choice(['M', 'EQ', 'AN', 'L'])}-{rng.randint(100, 9999)}"
    return [(_label(p, rng, "fits_equipment"), machine),
            (_label(p, rng, "replaces_part"), f"{rng.choice(['ET', 'SP', 'R'])}{rng.randint(10000, 99999)}")]


#: subtype -> (section key, maker). Vendor and customer address changes share one.
FORM_DETAILS: dict[str, tuple[str, Maker]] = {
    "BANK_DETAILS_CHANGE": ("previous_bank", _previous_bank),
    "ADDRESS_CHANGE": ("previous_address", _previous_address),
    "CREDIT_APPLICATION": ("credit", _credit),
    "PRICE_UPDATE": ("price_change", _price_change),
    "PRODUCT_DATA_SHEET": ("technical", _technical),
    "SPARE_PART": ("spare_part", _spare_part),
}


def section_caption(rng: random.Random, key: str, language: str, split: str) -> str:
    return pick(rng, FORM_SECTIONS, key, language, split)


def form_details(subtype: str, p: Printer, rng: random.Random, country: str,
                 day: date) -> tuple[str, Entries] | None:
    """The subtype's extra section as (caption, entries), or None (no such section, or not printed this time)."""
    detail = FORM_DETAILS.get(subtype)
    if detail is None or rng.random() >= FORM_DETAIL_SHARE:
        return None
    key, make = detail
    return section_caption(rng, key, p.language, p.style.split), make(p, rng, country, day)
