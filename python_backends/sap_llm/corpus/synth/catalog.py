"""Goods and services with plausible prices, units and names in five languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    key: str
    names: dict[str, str]  # language -> description
    unit: str  # SAP / ISO unit code
    price: tuple[float, float]  # plausible unit price range (EUR)
    qty: tuple[int, int]  # plausible quantity range
    group: str  # material group
    decimals_qty: bool = False  # sold by weight / length (quantities with decimals)


def _p(key, en, de, fr, es, it, unit, lo, hi, qlo, qhi, group, dec=False):
    return Product(key, {"EN": en, "DE": de, "FR": fr, "ES": es, "IT": it}, unit, (lo, hi), (qlo, qhi), group, dec)


PRODUCTS: tuple[Product, ...] = (
    _p("A4PAPER", "Copy paper A4 80g", "Kopierpapier A4 80g", "Papier copieur A4 80g", "Papel de copia A4 80g",
       "Carta per fotocopie A4 80g", "BOX", 18, 32, 1, 40, "OFFICE"),
    _p("TONER", "Toner cartridge black", "Tonerkartusche schwarz", "Cartouche de toner noir", "Cartucho de tóner negro",
       "Cartuccia toner nero", "EA", 45, 160, 1, 12, "OFFICE"),
    _p("LAPTOP", "Laptop 14\" 16GB RAM", "Notebook 14\" 16GB RAM", "Ordinateur portable 14\" 16Go",
       "Portátil 14\" 16GB RAM", "Notebook 14\" 16GB RAM", "EA", 690, 1890, 1, 10, "IT"),
    _p("MONITOR", "Monitor 27\" IPS", "Monitor 27\" IPS", "Écran 27\" IPS", "Monitor 27\" IPS", "Monitor 27\" IPS",
       "EA", 149, 420, 1, 15, "IT"),
    _p("DOCK", "USB-C docking station", "USB-C Dockingstation", "Station d'accueil USB-C", "Base de conexión USB-C",
       "Docking station USB-C", "EA", 89, 260, 1, 20, "IT"),
    _p("CABLE", "Network cable Cat6 5m", "Netzwerkkabel Cat6 5m", "Câble réseau Cat6 5m", "Cable de red Cat6 5m",
       "Cavo di rete Cat6 5m", "EA", 3.5, 14, 5, 200, "IT"),
    _p("SCREW", "Hex bolt M8x40 zinc plated", "Sechskantschraube M8x40 verzinkt", "Vis hexagonale M8x40 zinguée",
       "Tornillo hexagonal M8x40 zincado", "Vite esagonale M8x40 zincata", "PAK", 6, 28, 1, 100, "FASTENERS"),
    _p("NUT", "Hex nut M10 stainless", "Sechskantmutter M10 Edelstahl", "Écrou hexagonal M10 inox",
       "Tuerca hexagonal M10 inox", "Dado esagonale M10 inox", "PAK", 4, 19, 1, 80, "FASTENERS"),
    _p("STEEL", "Steel sheet 2mm S235", "Stahlblech 2mm S235", "Tôle d'acier 2mm S235", "Chapa de acero 2mm S235",
       "Lamiera d'acciaio 2mm S235", "KG", 0.9, 2.4, 50, 2500, "METAL", True),
    _p("ALU", "Aluminium profile 40x40", "Aluminiumprofil 40x40", "Profilé aluminium 40x40", "Perfil de aluminio 40x40",
       "Profilo in alluminio 40x40", "M", 6, 22, 5, 300, "METAL", True),
    _p("COPPER", "Copper wire 2.5mm²", "Kupferdraht 2,5mm²", "Fil de cuivre 2,5mm²", "Hilo de cobre 2,5mm²",
       "Filo di rame 2,5mm²", "M", 0.6, 2.2, 50, 1000, "ELECTRIC", True),
    _p("GLOVES", "Safety gloves size 9", "Schutzhandschuhe Gr. 9", "Gants de protection T9", "Guantes de seguridad T9",
       "Guanti di protezione tg. 9", "PR", 2.5, 12, 10, 500, "SAFETY"),
    _p("HELMET", "Safety helmet white", "Schutzhelm weiß", "Casque de sécurité blanc", "Casco de seguridad blanco",
       "Elmetto di sicurezza bianco", "EA", 9, 35, 2, 60, "SAFETY"),
    _p("PALLET", "Euro pallet 1200x800", "Europalette 1200x800", "Palette Europe 1200x800", "Palé europeo 1200x800",
       "Pallet EUR 1200x800", "EA", 9, 24, 10, 400, "PACKAGING"),
    _p("BOXES", "Shipping carton 600x400x400", "Versandkarton 600x400x400", "Carton d'expédition 600x400x400",
       "Caja de envío 600x400x400", "Scatola di spedizione 600x400x400", "EA", 0.8, 3.9, 50, 2000, "PACKAGING"),
    _p("FILM", "Stretch film 500mm", "Stretchfolie 500mm", "Film étirable 500mm", "Film estirable 500mm",
       "Film estensibile 500mm", "ROL", 7, 19, 6, 120, "PACKAGING"),
    _p("OIL", "Hydraulic oil HLP 46", "Hydrauliköl HLP 46", "Huile hydraulique HLP 46", "Aceite hidráulico HLP 46",
       "Olio idraulico HLP 46", "L", 2.2, 6.5, 20, 1000, "MRO", True),
    _p("BEARING", "Ball bearing 6205-2RS", "Kugellager 6205-2RS", "Roulement à billes 6205-2RS",
       "Rodamiento de bolas 6205-2RS", "Cuscinetto a sfere 6205-2RS", "EA", 3.8, 18, 4, 200, "MRO"),
    _p("MOTOR", "Electric motor 1.5 kW", "Elektromotor 1,5 kW", "Moteur électrique 1,5 kW", "Motor eléctrico 1,5 kW",
       "Motore elettrico 1,5 kW", "EA", 180, 640, 1, 8, "ELECTRIC"),
    _p("LED", "LED panel 60x60 40W", "LED-Panel 60x60 40W", "Panneau LED 60x60 40W", "Panel LED 60x60 40W",
       "Pannello LED 60x60 40W", "EA", 24, 79, 4, 120, "ELECTRIC"),
    _p("CHAIR", "Office chair ergonomic", "Bürostuhl ergonomisch", "Chaise de bureau ergonomique",
       "Silla de oficina ergonómica", "Sedia da ufficio ergonomica", "EA", 129, 540, 1, 25, "FURNITURE"),
    _p("DESK", "Desk 160x80 oak", "Schreibtisch 160x80 Eiche", "Bureau 160x80 chêne", "Mesa 160x80 roble",
       "Scrivania 160x80 rovere", "EA", 210, 780, 1, 20, "FURNITURE"),
    _p("COFFEE", "Coffee beans 1kg", "Kaffeebohnen 1kg", "Café en grains 1kg", "Café en grano 1kg", "Caffè in grani 1kg",
       "PAK", 11, 28, 2, 60, "CATERING"),
    _p("WATER", "Mineral water 0.5l (24)", "Mineralwasser 0,5l (24)", "Eau minérale 0,5l (24)", "Agua mineral 0,5l (24)",
       "Acqua minerale 0,5l (24)", "BOX", 5, 12, 2, 80, "CATERING"),
    _p("CLEAN", "Cleaning agent 5l", "Reinigungsmittel 5l", "Produit nettoyant 5l", "Producto de limpieza 5l",
       "Detergente 5l", "EA", 8, 29, 2, 50, "FACILITY"),
    _p("PAINT", "Wall paint white 10l", "Wandfarbe weiß 10l", "Peinture murale blanche 10l", "Pintura blanca 10l",
       "Pittura murale bianca 10l", "EA", 34, 95, 1, 40, "FACILITY"),
    _p("VALVE", "Ball valve DN25 brass", "Kugelhahn DN25 Messing", "Vanne à boisseau DN25 laiton",
       "Válvula de bola DN25 latón", "Valvola a sfera DN25 ottone", "EA", 12, 48, 2, 80, "MRO"),
    _p("PUMP", "Centrifugal pump 230V", "Kreiselpumpe 230V", "Pompe centrifuge 230V", "Bomba centrífuga 230V",
       "Pompa centrifuga 230V", "EA", 240, 990, 1, 6, "MRO"),
    _p("GRANULE", "PP granulate natural", "PP-Granulat natur", "Granulés PP naturel", "Granza PP natural",
       "Granulo PP naturale", "KG", 1.1, 2.8, 100, 5000, "RAW", True),
    _p("LABEL", "Labels 100x50 (1000)", "Etiketten 100x50 (1000)", "Étiquettes 100x50 (1000)", "Etiquetas 100x50 (1000)",
       "Etichette 100x50 (1000)", "ROL", 9, 26, 2, 100, "OFFICE"),
)

SERVICES: tuple[Product, ...] = (
    _p("CONSULT", "Consulting services", "Beratungsleistung", "Prestation de conseil", "Servicios de consultoría",
       "Servizi di consulenza", "H", 85, 190, 2, 80, "SERVICE", True),
    _p("INSTALL", "Installation and commissioning", "Montage und Inbetriebnahme", "Installation et mise en service",
       "Instalación y puesta en marcha", "Installazione e messa in servizio", "H", 55, 120, 2, 40, "SERVICE", True),
    _p("MAINT", "Maintenance contract (monthly)", "Wartungsvertrag (monatlich)", "Contrat de maintenance (mensuel)",
       "Contrato de mantenimiento (mensual)", "Contratto di manutenzione (mensile)", "MON", 120, 900, 1, 12, "SERVICE"),
    _p("FREIGHT", "Freight and delivery", "Fracht und Lieferung", "Frais de transport", "Portes y entrega",
       "Trasporto e consegna", "LE", 25, 480, 1, 1, "SERVICE"),
    _p("TRAIN", "Training day on site", "Schulungstag vor Ort", "Journée de formation sur site",
       "Jornada de formación in situ", "Giornata di formazione in sede", "DAY", 650, 1800, 1, 5, "SERVICE"),
    _p("LICENSE", "Software licence (annual)", "Softwarelizenz (jährlich)", "Licence logicielle (annuelle)",
       "Licencia de software (anual)", "Licenza software (annuale)", "EA", 99, 2400, 1, 50, "IT"),
    _p("CLEANSVC", "Office cleaning service", "Büroreinigung", "Nettoyage des bureaux", "Servicio de limpieza",
       "Servizio di pulizia uffici", "H", 22, 45, 10, 160, "SERVICE", True),
    _p("REPAIR", "Repair work", "Reparaturarbeiten", "Travaux de réparation", "Trabajos de reparación",
       "Lavori di riparazione", "H", 48, 110, 1, 30, "SERVICE", True),
)

# Things sold on a till receipt (SROIE-like), EN only, price in local currency.
RECEIPT_ITEMS: tuple[tuple[str, float, float], ...] = (
    ("NASI LEMAK", 3.5, 9.0), ("TEH TARIK", 1.8, 3.5), ("KOPI O", 1.5, 3.0), ("ROTI CANAI", 1.2, 2.5),
    ("MEE GORENG", 5.0, 9.5), ("MILO AIS", 2.5, 4.5), ("CHICKEN RICE", 6.0, 12.0), ("WHITE BREAD 400G", 2.4, 4.2),
    ("MINERAL WATER 1.5L", 1.2, 2.8), ("A4 PAPER 80GSM", 9.9, 16.9), ("BALL PEN BLUE", 0.8, 2.5),
    ("MASKING TAPE 24MM", 2.0, 5.5), ("PVC PIPE 1/2\"", 3.5, 12.0), ("CABLE TIE 200MM", 2.5, 6.0),
    ("SCREWDRIVER SET", 12.9, 39.9), ("PAINT BRUSH 2\"", 3.2, 8.9), ("BATTERY AA 4S", 5.9, 14.9),
    ("EXTENSION CORD 3M", 15.9, 39.0), ("NOTEBOOK A5", 2.5, 7.9), ("GLUE STICK", 1.5, 4.5),
    ("SUGAR 1KG", 2.6, 3.6), ("COOKING OIL 2KG", 9.5, 15.0), ("EGGS GRADE A 10S", 4.2, 6.9),
    ("FLOUR 1KG", 2.0, 3.8), ("TISSUE BOX", 2.9, 6.5), ("DETERGENT 2KG", 11.9, 24.9), ("ICED LEMON TEA", 2.5, 4.5),
    ("FRIED CHICKEN", 4.5, 9.9), ("CURRY PUFF", 1.2, 2.5), ("HAND GLOVES", 3.9, 9.9), ("SPANNER 10MM", 6.5, 18.0),
    ("STAPLER NO.10", 6.9, 15.9), ("CORRECTION TAPE", 2.9, 6.5), ("ENVELOPE C4 (10)", 3.5, 7.9),
)
