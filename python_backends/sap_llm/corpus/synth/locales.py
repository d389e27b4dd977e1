"""Small per-country word lists: streets, cities with postcodes, company names, people.

Hand-written (no Faker): enough variety for names and addresses to look like
the country they claim to be from, formatted the way that country prints them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    language: str  # the document language this country mostly writes in
    name: dict[str, str]  # country name by document language
    currency: str
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]  # (postcode, city)
    street_first: bool  # "Hauptstrasse 5" (True) vs "5 Main Street" (False)
    legal_forms: tuple[str, ...]
    name_parts: tuple[str, ...]
    trades: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    phone_prefix: str
    tax_rates: tuple[float, ...]  # standard first
    postcode_after_city: bool = False  # GB/IE/MY: "Manchester M1 3HE"


COUNTRIES: dict[str, Country] = {}


def _add(c: Country) -> None:
    COUNTRIES[c.code] = c


_add(Country(
    "DE", "DE", {"EN": "Germany", "DE": "Deutschland", "FR": "Allemagne", "ES": "Alemania", "IT": "Germania"}, "EUR",
    ("Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gewerbepark", "Lindenallee", "Schillerstraße",
     "Goethestraße", "Am Markt", "Friedrichstraße", "Gartenweg", "Mühlenweg", "Hafenstraße", "Kirchplatz",
     "Daimlerstraße", "Robert-Bosch-Str.", "Siemensring", "Talstraße", "Berliner Allee", "Feldstraße", "Ringstraße"),
    (("10115", "Berlin"), ("20457", "Hamburg"), ("80331", "München"), ("50667", "Köln"), ("60311", "Frankfurt am Main"),
     ("70173", "Stuttgart"), ("40213", "Düsseldorf"), ("04109", "Leipzig"), ("01067", "Dresden"), ("28195", "Bremen"),
     ("30159", "Hannover"), ("90402", "Nürnberg"), ("44135", "Dortmund"), ("45127", "Essen"), ("68159", "Mannheim"),
     ("76133", "Karlsruhe"), ("86150", "Augsburg"), ("33602", "Bielefeld"), ("24103", "Kiel"), ("93047", "Regensburg")),
    True, ("GmbH", "GmbH & Co. KG", "AG", "KG", "e.K.", "OHG", "UG (haftungsbeschränkt)"),
    ("Nordlicht", "Becker", "Hoffmann", "Rheintal", "Alpenland", "Elbe", "Schwarzwald", "Kraft", "Weber", "Hansa",
     "Sonnenberg", "Fischer", "Meyer", "Bergmann", "Westfalen", "Lausitz", "Donau", "Wagner", "Brandt", "Keller"),
    ("Metallbau", "Elektrotechnik", "Logistik", "Bürobedarf", "Maschinenbau", "Kunststofftechnik", "Verpackung",
     "Industriebedarf", "Haustechnik", "Systemhaus", "Druckerei", "Werkzeuge", "Handel", "Antriebstechnik", "Chemie"),
    ("Anna", "Thomas", "Julia", "Michael", "Sabine", "Stefan", "Katrin", "Andreas", "Petra", "Jan", "Laura", "Markus"),
    ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter"),
    "+49", (19.0, 7.0),
))
_add(Country(
    "AT", "DE", {"EN": "Austria", "DE": "Österreich", "FR": "Autriche", "ES": "Austria", "IT": "Austria"}, "EUR",
    ("Mariahilfer Straße", "Landstraßer Hauptstraße", "Linzer Straße", "Grazer Gasse", "Industriezeile", "Kärntner Ring",
     "Wiener Straße", "Salzburger Weg", "Bahnhofplatz", "Dorfstraße"),
    (("1010", "Wien"), ("1070", "Wien"), ("4020", "Linz"), ("8010", "Graz"), ("5020", "Salzburg"), ("6020", "Innsbruck"),
     ("9020", "Klagenfurt"), ("3100", "St. Pölten")),
    True, ("GmbH", "AG", "KG", "e.U.", "OG"),
    ("Alpen", "Donau", "Tauern", "Wachau", "Gruber", "Huber", "Steiner", "Pichler", "Berger", "Moser"),
    ("Elektro", "Holzbau", "Handel", "Technik", "Transporte", "Metallwaren", "Bürotechnik", "Installationen"),
    ("Lukas", "Maria", "Florian", "Elena", "Tobias", "Sophie", "David", "Lena"),
    ("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer"),
    "+43", (20.0, 10.0),
))
_add(Country(
    "CH", "DE", {"EN": "Switzerland", "DE": "Schweiz", "FR": "Suisse", "ES": "Suiza", "IT": "Svizzera"}, "CHF",
    ("Bahnhofstrasse", "Seestrasse", "Dorfstrasse", "Industriestrasse", "Zürcherstrasse", "Rue du Rhône", "Baslerstrasse"),
    (("8001", "Zürich"), ("3011", "Bern"), ("4051", "Basel"), ("6003", "Luzern"), ("9000", "St. Gallen"), ("1204", "Genève"),
     ("1003", "Lausanne")),
    True, ("AG", "GmbH", "SA", "Sàrl"),
    ("Helvetia", "Alpin", "Rigi", "Säntis", "Aare", "Limmat", "Jura", "Gotthard"),
    ("Präzisionstechnik", "Uhren", "Informatik", "Handels", "Maschinen", "Logistik"),
    ("Reto", "Nicole", "Urs", "Claudia", "Beat", "Sandra"), ("Meier", "Keller", "Brunner", "Baumann", "Frei", "Zimmermann"),
    "+41", (8.1, 2.6),
))
_add(Country(
    "FR", "FR", {"EN": "France", "DE": "Frankreich", "FR": "France", "ES": "Francia", "IT": "Francia"}, "EUR",
    ("rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue Victor Hugo", "place de la Gare",
     "rue du Commerce", "avenue de la Liberté", "rue Pasteur", "chemin des Vignes", "rue de l'Industrie",
     "allée des Tilleuls", "quai de Saône", "rue Nationale", "avenue des Champs", "rue Gambetta"),
    (("75011", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse"), ("33000", "Bordeaux"),
     ("59000", "Lille"), ("44000", "Nantes"), ("67000", "Strasbourg"), ("06000", "Nice"), ("35000", "Rennes"),
     ("21000", "Dijon"), ("38000", "Grenoble"), ("49000", "Angers"), ("76000", "Rouen")),
    False, ("SARL", "SAS", "SA", "EURL", "SASU", "SNC"),
    ("Atelier", "Groupe", "Comptoir", "Maison", "Établissements", "Société", "Bureau", "Cabinet", "Manufacture", "Compagnie"),
    ("Dupont", "Lefèvre", "Moreau", "du Rhône", "de Provence", "Bretonne", "Normande", "Industrielle", "Martin", "Bernard",
     "Technique", "Méditerranée", "Alpine", "Girard", "Lambert"),
    ("Camille", "Pierre", "Sophie", "Nicolas", "Julie", "Antoine", "Claire", "Thomas", "Élodie", "Julien"),
    ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau"),
    "+33", (20.0, 10.0, 5.5),
))
_add(Country(
    "BE", "FR", {"EN": "Belgium", "DE": "Belgien", "FR": "Belgique", "ES": "Bélgica", "IT": "Belgio"}, "EUR",
    ("rue Royale", "avenue Louise", "chaussée de Wavre", "rue Neuve", "boulevard Anspach", "rue de Namur"),
    (("1000", "Bruxelles"), ("4000", "Liège"), ("5000", "Namur"), ("6000", "Charleroi"), ("1300", "Wavre")),
    False, ("SRL", "SA", "SPRL", "SC"),
    ("Brabant", "Wallonie", "Meuse", "Ardennes", "Dumont", "Peeters", "Janssens"),
    ("Logistique", "Services", "Distribution", "Technique", "Négoce", "Construction"),
    ("Luc", "Nathalie", "Marc", "Isabelle", "Olivier", "Valérie"), ("Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Dupont"),
    "+32", (21.0, 6.0),
))
_add(Country(
    "ES", "ES", {"EN": "Spain", "DE": "Spanien", "FR": "Espagne", "ES": "España", "IT": "Spagna"}, "EUR",
    ("Calle Mayor", "Avenida de la Constitución", "Calle de Alcalá", "Paseo de Gracia", "Calle Real", "Gran Vía",
     "Avenida del Puerto", "Calle San Vicente", "Polígono Industrial Sur", "Calle del Carmen", "Ronda de Atocha",
     "Avenida Diagonal", "Calle Serrano", "Plaza de España"),
    (("28013", "Madrid"), ("08007", "Barcelona"), ("46002", "Valencia"), ("41001", "Sevilla"), ("50001", "Zaragoza"),
     ("29001", "Málaga"), ("48001", "Bilbao"), ("03001", "Alicante"), ("47001", "Valladolid"), ("15001", "A Coruña"),
     ("30001", "Murcia"), ("18001", "Granada")),
    True, ("S.L.", "S.A.", "S.L.U.", "S.Coop."),
    ("Ibérica", "Levante", "Cantábrica", "Mediterránea", "Castellana", "Andaluza", "Hispania", "Atlántica", "Norte", "Sol"),
    ("Suministros", "Distribuciones", "Construcciones", "Transportes", "Comercial", "Industrias", "Servicios",
     "Talleres", "Papelería", "Electricidad"),
    ("María", "José", "Carmen", "Antonio", "Lucía", "Javier", "Elena", "Manuel", "Laura", "David"),
    ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín"),
    "+34", (21.0, 10.0, 4.0),
))
_add(Country(
    "IT", "IT", {"EN": "Italy", "DE": "Italien", "FR": "Italie", "ES": "Italia", "IT": "Italia"}, "EUR",
    ("Via Roma", "Via Garibaldi", "Corso Italia", "Via Torino", "Viale Europa", "Piazza Duomo", "Via Mazzini",
     "Via dell'Industria", "Corso Vittorio Emanuele", "Via Verdi", "Viale Monza", "Via Nazionale", "Via Dante"),
    (("20123", "Milano"), ("00184", "Roma"), ("10121", "Torino"), ("40121", "Bologna"), ("50123", "Firenze"),
     ("80133", "Napoli"), ("16121", "Genova"), ("30121", "Venezia"), ("37121", "Verona"), ("35122", "Padova"),
     ("24121", "Bergamo"), ("25121", "Brescia")),
    True, ("S.r.l.", "S.p.A.", "S.n.c.", "S.a.s.", "S.r.l.s."),
    ("Lombarda", "Veneta", "Adriatica", "Tirrenica", "Italiana", "Padana", "Emiliana", "Toscana", "Alpina", "Mediterranea"),
    ("Ferramenta", "Forniture", "Meccanica", "Elettroforniture", "Trasporti", "Arredi", "Imballaggi", "Tecnologie",
     "Commerciale", "Industria"),
    ("Giulia", "Marco", "Francesca", "Luca", "Chiara", "Andrea", "Sara", "Matteo", "Elena", "Alessandro"),
    ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"),
    "+39", (22.0, 10.0, 4.0),
))
_add(Country(
    "GB", "EN", {"EN": "United Kingdom", "DE": "Vereinigtes Königreich", "FR": "Royaume-Uni", "ES": "Reino Unido",
                 "IT": "Regno Unito"}, "GBP",
    ("High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "Kings Road", "Park Avenue",
     "Canal Street", "Queen Street", "Bridge Street", "Market Place", "Industrial Estate", "London Road", "George Street"),
    (("EC1A 1BB", "London"), ("M1 3HE", "Manchester"), ("B1 1AA", "Birmingham"), ("LS1 4DY", "Leeds"),
     ("G1 1XQ", "Glasgow"), ("L1 8JQ", "Liverpool"), ("BS1 4DJ", "Bristol"), ("S1 2HE", "Sheffield"),
     ("NE1 7RU", "Newcastle upon Tyne"), ("CF10 1EP", "Cardiff"), ("EH1 1YZ", "Edinburgh"), ("NG1 5FS", "Nottingham")),
    False, ("Ltd", "Limited", "PLC", "LLP", "& Sons Ltd"),
    ("Acme", "Albion", "Pennine", "Thames", "Northern", "Crown", "Castle", "Oakwood", "Riverside", "Summit",
     "Britannia", "Westbrook", "Kingsway", "Harbour", "Highland"),
    ("Industrial Supplies", "Engineering", "Logistics", "Office Solutions", "Components", "Packaging", "Electrical",
     "Trading", "Consulting", "Print & Design", "Tools", "Fasteners", "Facilities Services"),
    ("Oliver", "Emily", "James", "Charlotte", "Harry", "Sophie", "George", "Amelia", "Jack", "Olivia"),
    ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans", "Walker"),
    "+44", (20.0, 5.0), postcode_after_city=True,
))
_add(Country(
    "IE", "EN", {"EN": "Ireland", "DE": "Irland", "FR": "Irlande", "ES": "Irlanda", "IT": "Irlanda"}, "EUR",
    ("O'Connell Street", "Grafton Street", "Main Street", "Dock Road", "Harbour Road", "Patrick Street"),
    (("D01 F5P2", "Dublin"), ("T12 X70A", "Cork"), ("H91 E2K3", "Galway"), ("V94 T9PX", "Limerick")),
    False, ("Ltd", "DAC", "Limited", "Teoranta"),
    ("Emerald", "Shamrock", "Liffey", "Atlantic", "Celtic", "Shannon"),
    ("Supplies", "Technologies", "Distribution", "Engineering", "Services", "Foods"),
    ("Sean", "Aoife", "Conor", "Niamh", "Liam", "Ciara"), ("Murphy", "Kelly", "O'Brien", "Walsh", "Byrne", "Ryan"),
    "+353", (23.0, 13.5), postcode_after_city=True,
))
_add(Country(
    "NL", "EN", {"EN": "Netherlands", "DE": "Niederlande", "FR": "Pays-Bas", "ES": "Países Bajos", "IT": "Paesi Bassi"}, "EUR",
    ("Keizersgracht", "Damrak", "Industrieweg", "Stationsplein", "Havenstraat", "Kerkstraat", "Marktplein"),
    (("1015 CJ", "Amsterdam"), ("3011 AD", "Rotterdam"), ("2511 BT", "Den Haag"), ("3511 LX", "Utrecht"),
     ("5611 AZ", "Eindhoven")),
    True, ("B.V.", "N.V.", "V.O.F."),
    ("Van Dijk", "De Vries", "Holland", "Oranje", "Delta", "Polder", "Bakker"),
    ("Verpakkingen", "Techniek", "Logistiek", "Handel", "Installaties", "Systems"),
    ("Daan", "Emma", "Sem", "Julia", "Lucas", "Sanne"), ("de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"),
    "+31", (21.0, 9.0),
))
_add(Country(
    "US", "EN", {"EN": "USA", "DE": "USA", "FR": "États-Unis", "ES": "EE. UU.", "IT": "Stati Uniti"}, "USD",
    ("Main Street", "Oak Avenue", "Maple Drive", "Commerce Blvd", "Industrial Pkwy", "Market Street", "5th Avenue"),
    (("10001", "New York, NY"), ("60601", "Chicago, IL"), ("94105", "San Francisco, CA"), ("77002", "Houston, TX"),
     ("98101", "Seattle, WA"), ("02108", "Boston, MA")),
    False, ("Inc.", "LLC", "Corp.", "Co."),
    ("Liberty", "Pioneer", "Summit", "Eagle", "Frontier", "Keystone", "Lakeside", "Atlas"),
    ("Supply", "Industries", "Technologies", "Logistics", "Office Products", "Manufacturing"),
    ("Michael", "Jennifer", "David", "Jessica", "Chris", "Ashley"), ("Miller", "Davis", "Garcia", "Moore", "Clark", "Lewis"),
    "+1", (8.25, 7.0), postcode_after_city=True,
))
# Malaysian retail receipts (the shape of SROIE): company, address with JALAN/TAMAN, GST.
_add(Country(
    "MY", "EN", {"EN": "Malaysia", "DE": "Malaysia", "FR": "Malaisie", "ES": "Malasia", "IT": "Malesia"}, "MYR",
    ("JALAN AMPANG", "JALAN TUN RAZAK", "JALAN BUKIT BINTANG", "JALAN IPOH", "JALAN KLANG LAMA", "JALAN PUCHONG",
     "JALAN SS 2/24", "JALAN USJ 10/1", "JALAN PJU 1/3", "JALAN SEGAMBUT", "JALAN KEPONG", "JALAN CHERAS",
     "JALAN TAMAN MELATI", "JALAN MEGAH", "JALAN PERDANA 4/6", "JALAN BANDAR 12"),
    (("50450", "KUALA LUMPUR"), ("47301", "PETALING JAYA, SELANGOR"), ("43300", "SERI KEMBANGAN, SELANGOR"),
     ("52100", "KEPONG, KUALA LUMPUR"), ("56000", "CHERAS, KUALA LUMPUR"), ("40150", "SHAH ALAM, SELANGOR"),
     ("81100", "JOHOR BAHRU, JOHOR"), ("47100", "PUCHONG, SELANGOR"), ("68000", "AMPANG, SELANGOR"),
     ("41200", "KLANG, SELANGOR"), ("10200", "GEORGETOWN, PULAU PINANG"), ("53300", "SETAPAK, KUALA LUMPUR")),
    False, ("SDN BHD", "SDN. BHD.", "ENTERPRISE", "TRADING", "(M) SDN BHD", "HARDWARE", "RESTAURANT"),
    ("SYARIKAT", "PERNIAGAAN", "KEDAI", "UNIHAKKA", "GUAN HENG", "SIN LIAN", "LEONG", "TECK HENG", "MR D.I.Y.",
     "99 SPEED MART", "AEON", "GARDENIA", "OJC", "KAH WAI", "YONG FATT", "CHOP TAI LEE", "SOON HUAT", "BOOK TA.K"),
    ("HARDWARE", "BOOKSTORE", "STATIONERY", "MACHINERY", "RESTAURANT", "BAKERY", "MARKETING", "FOOD INDUSTRIES",
     "ELECTRICAL", "TRADING", "MINI MARKET", "KOPITIAM"),
    ("AHMAD", "SITI", "TAN", "LIM", "RAJ", "NURUL"), ("WONG", "ABDULLAH", "LEE", "KUMAR", "CHONG", "ISMAIL"),
    "+60", (6.0, 0.0), postcode_after_city=False,
))

LANGUAGE_COUNTRIES: dict[str, list[tuple[str, float]]] = {
    "EN": [("GB", 0.55), ("IE", 0.15), ("US", 0.15), ("NL", 0.15)],
    "DE": [("DE", 0.7), ("AT", 0.2), ("CH", 0.1)],
    "FR": [("FR", 0.8), ("BE", 0.15), ("CH", 0.05)],
    "ES": [("ES", 1.0)],
    "IT": [("IT", 1.0)],
}

# Countries where we generate IBANs with schwifty: bank codes that exist in its registry.
BANKS: dict[str, list[tuple[str, str, str]]] = {
    # (bank name, bank_code, branch_code)
    "DE": [("Deutsche Bank", "10070000", ""), ("Commerzbank", "37040044", ""), ("Sparkasse KölnBonn", "37050198", ""),
           ("Berliner Volksbank", "10090000", ""), ("Postbank", "10010010", "")],
    "AT": [("Erste Bank", "20111", ""), ("Raiffeisen Landesbank", "32000", ""), ("Bank Austria", "12000", "")],
    "CH": [("UBS Switzerland AG", "00230", ""), ("Zürcher Kantonalbank", "00700", ""), ("PostFinance", "09000", "")],
    "FR": [("BNP Paribas", "30004", "00823"), ("Société Générale", "30003", "01234"), ("Crédit Agricole", "30006", "00001"),
           ("LCL", "30002", "00550")],
    "BE": [],
    "ES": [("CaixaBank", "2100", "0418"), ("Banco Santander", "0049", "1500"), ("BBVA", "0182", "1234"),
           ("Banco Sabadell", "0081", "0200")],
    "IT": [("Intesa Sanpaolo", "03069", "09606"), ("UniCredit", "02008", "01600"), ("Banco BPM", "05034", "11701"),
           ("BPER Banca", "05387", "12900")],
    "GB": [("NatWest", "NWBK", "601613"), ("Barclays", "BARC", "200415"), ("HSBC UK", "HBUK", "400515"),
           ("Lloyds Bank", "LOYD", "309634")],
    "IE": [("AIB", "AIBK", "931152"), ("Bank of Ireland", "BOFI", "900017")],
    "NL": [("ABN AMRO", "ABNA", ""), ("ING Bank", "INGB", ""), ("Rabobank", "RABO", "")],
}
BIC_FALLBACK = {"AT": {"20111": "GIBAATWWXXX", "32000": "RLNWATWWXXX", "12000": "BKAUATWWXXX"},
                "CH": {"00230": "UBSWCHZH80A", "00700": "ZKBKCHZZ80A", "09000": "POFICHBEXXX"},
                "IT": {"03069": "BCITITMMXXX", "02008": "UNCRITMMXXX", "05034": "BAPPIT21XXX", "05387": "BPMOIT22XXX"},
                "ES": {"2100": "CAIXESBBXXX", "0049": "BSCHESMMXXX", "0182": "BBVAESMMXXX", "0081": "BSABESBBXXX"},
                "NL": {"ABNA": "ABNANL2AXXX", "INGB": "INGBNL2AXXX", "RABO": "RABONL2UXXX"},
                "FR": {"30004": "BNPAFRPPXXX", "30003": "SOGEFRPPXXX", "30006": "AGRIFRPPXXX", "30002": "CRLYFRPPXXX"},
                "GB": {"NWBK": "NWBKGB2LXXX", "BARC": "BARCGB22XXX", "HBUK": "HBUKGB4BXXX", "LOYD": "LOYDGB2LXXX"},
                "IE": {"AIBK": "AIBKIE2DXXX", "BOFI": "BOFIIE2DXXX"},
                "DE": {"10070000": "DEUTDEBBXXX", "37040044": "COBADEFFXXX", "37050198": "COLSDE33XXX",
                       "10090000": "BEVODEBBXXX", "10010010": "PBNKDEFFXXX"}}
# IBAN accounts for countries without a bank list use a neighbour's banks.
IBAN_COUNTRY = {"BE": "FR", "US": "GB", "MY": "GB"}
