"""Body remarks that real documents of a subtype carry besides their title.

A reminder says what is overdue, a remittance advice says what was paid, an
accrual names the period it reverses in. Without such lines a subtype could be
told only from its title, and a title wording the model never saw would leave
it guessing. Each entry lists four phrasings per language; the last is held out
for the test layout families (``vocab.split_synonyms``), like title synonyms.
A remark is printed on some documents only (``REMARK_SHARE``), so the title
still has to carry the rest. Remarks hold no digits: they are never a field.
"""

from __future__ import annotations

import random

from sap_llm.corpus.synth.vocab import pick

REMARK_SHARE = 0.6

SUBTYPE_REMARKS: dict[str, dict[str, str]] = {
    # ── invoices ──
    "PROFORMA_INVOICE": {
        "EN": "This is not a tax invoice.|For customs and prepayment purposes only.|No payment is due on this document.|Not valid for VAT deduction.",
        "DE": "Dies ist keine Rechnung im steuerlichen Sinne.|Nur für Zollzwecke und Vorauskasse.|Dieses Dokument ist nicht zahlbar.|Kein Vorsteuerabzug möglich.",
        "FR": "Ce document n'est pas une facture.|Uniquement pour la douane et le paiement anticipé.|Aucun paiement n'est dû sur ce document.|Ne permet pas la déduction de TVA.",
        "ES": "Este documento no es una factura fiscal.|Solo a efectos aduaneros y de pago anticipado.|Este documento no es exigible.|No válido para deducir el IVA.",
        "IT": "Il presente documento non costituisce fattura.|Solo a fini doganali e di pagamento anticipato.|Nessun pagamento è dovuto su questo documento.|Non valido ai fini della detrazione IVA.",
    },
    "DEBIT_MEMO": {
        "EN": "We debit your account with the following charges.|Additional charges not included in the original invoice.|Please settle this debit together with the invoice.|Supplementary charge to your account.",
        "DE": "Wir belasten Ihr Konto mit folgenden Beträgen.|Zusätzliche Kosten, nicht in der Rechnung enthalten.|Bitte begleichen Sie diese Belastung mit der Rechnung.|Nachbelastung Ihres Kontos.",
        "FR": "Nous débitons votre compte des frais suivants.|Frais supplémentaires non compris dans la facture.|Merci de régler ce débit avec la facture.|Débit complémentaire de votre compte.",
        "ES": "Cargamos en su cuenta los siguientes importes.|Gastos adicionales no incluidos en la factura.|Rogamos abonen este cargo junto con la factura.|Cargo complementario en su cuenta.",
        "IT": "Addebitiamo sul Vostro conto i seguenti importi.|Costi aggiuntivi non compresi nella fattura.|Vi preghiamo di saldare l'addebito con la fattura.|Addebito integrativo sul Vostro conto.",
    },
    "SERVICE_INVOICE": {
        "EN": "Services rendered as per the attached timesheets.|Hours worked during the service period.|Consulting and maintenance services performed on site.|Labour charged according to the service agreement.",
        "DE": "Leistungen gemäß beiliegendem Stundennachweis.|Geleistete Stunden im Leistungszeitraum.|Beratungs- und Wartungsleistungen vor Ort.|Arbeitszeit laut Servicevertrag.",
        "FR": "Prestations réalisées selon les feuilles de temps jointes.|Heures effectuées sur la période de prestation.|Prestations de conseil et de maintenance sur site.|Main-d'œuvre facturée selon le contrat de service.",
        "ES": "Servicios prestados según los partes de horas adjuntos.|Horas trabajadas en el periodo de servicio.|Servicios de consultoría y mantenimiento in situ.|Mano de obra según el contrato de servicio.",
        "IT": "Prestazioni eseguite come da rapportini allegati.|Ore lavorate nel periodo di prestazione.|Servizi di consulenza e manutenzione in sede.|Manodopera secondo il contratto di assistenza.",
    },
    "FREIGHT_INVOICE": {
        "EN": "Transport charges for the consignments listed below.|Carriage from the loading point to the place of delivery.|Freight calculated by weight and distance.|Haulage and fuel surcharge for the shipments below.",
        "DE": "Frachtkosten für die unten aufgeführten Sendungen.|Transport von der Ladestelle zum Empfangsort.|Fracht nach Gewicht und Entfernung berechnet.|Transport und Dieselzuschlag für folgende Sendungen.",
        "FR": "Frais de transport des envois ci-dessous.|Acheminement du lieu de chargement au lieu de livraison.|Fret calculé selon le poids et la distance.|Transport et surcharge carburant des expéditions ci-dessous.",
        "ES": "Portes de los envíos indicados a continuación.|Transporte desde el punto de carga al lugar de entrega.|Flete calculado según peso y distancia.|Acarreo y recargo de combustible de los envíos siguientes.",
        "IT": "Spese di trasporto per le spedizioni sotto elencate.|Trasporto dal luogo di carico al luogo di consegna.|Nolo calcolato in base a peso e distanza.|Trasporto e supplemento carburante per le spedizioni seguenti.",
    },
    "PREPAYMENT": {
        "EN": "Advance payment due before delivery.|Down payment on the order referenced above.|The final invoice will deduct this advance.|Payment in advance requested as agreed.",
        "DE": "Anzahlung fällig vor Lieferung.|Anzahlung auf den oben genannten Auftrag.|Die Schlussrechnung verrechnet diese Anzahlung.|Vorauszahlung wie vereinbart erbeten.",
        "FR": "Acompte payable avant livraison.|Acompte sur la commande citée en référence.|La facture finale déduira cet acompte.|Paiement anticipé demandé comme convenu.",
        "ES": "Anticipo pagadero antes de la entrega.|Pago a cuenta del pedido indicado.|La factura final descontará este anticipo.|Pago por adelantado según lo acordado.",
        "IT": "Acconto dovuto prima della consegna.|Anticipo sull'ordine indicato in oggetto.|La fattura a saldo detrarrà questo acconto.|Pagamento anticipato richiesto come concordato.",
    },
    # ── credit memos ──
    "RETURN_CREDIT": {
        "EN": "Credit for goods returned to us.|Returned goods received in our warehouse.|We credit the returned items below.|Refund for merchandise sent back.",
        "DE": "Gutschrift für an uns zurückgesandte Ware.|Retoure in unserem Lager eingegangen.|Wir schreiben die zurückgesandten Artikel gut.|Erstattung für zurückgeschickte Ware.",
        "FR": "Avoir pour marchandises retournées.|Retour reçu dans notre entrepôt.|Nous créditons les articles retournés ci-dessous.|Remboursement des marchandises renvoyées.",
        "ES": "Abono por mercancía devuelta.|Devolución recibida en nuestro almacén.|Abonamos los artículos devueltos siguientes.|Reembolso por mercancía reenviada.",
        "IT": "Accredito per merce resa.|Reso ricevuto nel nostro magazzino.|Accreditiamo gli articoli resi sotto indicati.|Rimborso per merce rispedita.",
    },
    "PRICE_ADJUSTMENT": {
        "EN": "Price difference on the invoice referenced above.|Correction of the unit price charged.|Adjustment to the agreed contract price.|Overcharge corrected in your favour.",
        "DE": "Preisdifferenz zur oben genannten Rechnung.|Korrektur des berechneten Einzelpreises.|Anpassung an den vereinbarten Vertragspreis.|Zu viel berechneter Preis zu Ihren Gunsten korrigiert.",
        "FR": "Différence de prix sur la facture citée.|Correction du prix unitaire facturé.|Ajustement au prix contractuel convenu.|Surfacturation corrigée en votre faveur.",
        "ES": "Diferencia de precio sobre la factura indicada.|Corrección del precio unitario facturado.|Ajuste al precio pactado en contrato.|Exceso facturado corregido a su favor.",
        "IT": "Differenza prezzo sulla fattura indicata.|Rettifica del prezzo unitario fatturato.|Adeguamento al prezzo contrattuale concordato.|Prezzo eccedente rettificato a Vostro favore.",
    },
    "REBATE_CREDIT": {
        "EN": "Annual volume rebate on your purchases.|Bonus credited for the turnover reached.|Rebate according to our yearly agreement.|Loyalty discount on last year's sales.",
        "DE": "Jahresbonus auf Ihre Umsätze.|Umsatzbonus für den erreichten Umsatz.|Rückvergütung gemäß Jahresvereinbarung.|Treuerabatt auf die Umsätze des Vorjahres.",
        "FR": "Remise de fin d'année sur vos achats.|Ristourne sur le chiffre d'affaires atteint.|Rabais selon notre accord annuel.|Remise de fidélité sur les ventes de l'an dernier.",
        "ES": "Rappel anual sobre sus compras.|Bonificación por el volumen alcanzado.|Descuento según nuestro acuerdo anual.|Descuento por fidelidad sobre las ventas del año anterior.",
        "IT": "Premio annuale sui Vostri acquisti.|Bonus sul fatturato raggiunto.|Sconto secondo il nostro accordo annuale.|Sconto fedeltà sulle vendite dell'anno precedente.",
    },
    # ── orders ──
    "BLANKET_PO": {
        "EN": "Call-offs against this order up to the value limit.|Releases will be issued as required.|Valid until the end of the validity period.|Open order: deliver only on release.",
        "DE": "Abrufe gegen diese Bestellung bis zum Wertlimit.|Abrufe erfolgen nach Bedarf.|Gültig bis zum Ende der Laufzeit.|Offene Bestellung: Lieferung nur auf Abruf.",
        "FR": "Appels de livraison jusqu'au plafond de la commande.|Les appels seront émis selon les besoins.|Valable jusqu'à la fin de la période de validité.|Commande ouverte : livrer uniquement sur appel.",
        "ES": "Entregas parciales contra este pedido hasta el límite.|Las llamadas se emitirán según necesidad.|Válido hasta el final del periodo de vigencia.|Pedido abierto: entregar solo a demanda.",
        "IT": "Richiami su questo ordine fino al limite di valore.|I richiami saranno emessi secondo necessità.|Valido fino alla fine del periodo di validità.|Ordine aperto: consegnare solo su richiamo.",
    },
    "FRAMEWORK_ORDER": {
        "EN": "Prices fixed for the term of this framework agreement.|Quantities are called off separately.|Framework terms apply to all call-offs.|Individual deliveries follow on separate call-off.",
        "DE": "Preise fest für die Laufzeit dieses Rahmenvertrags.|Mengen werden separat abgerufen.|Die Rahmenbedingungen gelten für alle Abrufe.|Einzellieferungen erfolgen auf gesonderten Abruf.",
        "FR": "Prix fermes pendant la durée du contrat-cadre.|Les quantités sont appelées séparément.|Les conditions cadres s'appliquent à tous les appels.|Les livraisons suivent sur appel séparé.",
        "ES": "Precios fijos durante la vigencia del acuerdo marco.|Las cantidades se solicitan por separado.|Las condiciones marco rigen todas las entregas.|Las entregas se realizan bajo pedido separado.",
        "IT": "Prezzi fissi per la durata del contratto quadro.|Le quantità vengono richiamate separatamente.|Le condizioni quadro valgono per tutti i richiami.|Le consegne seguono su richiamo separato.",
    },
    "SERVICE_PO": {
        "EN": "Services to be performed on our premises.|Please confirm the service dates with our site contact.|Service entry sheet required for invoicing.|Work to be carried out as per the statement of work.",
        "DE": "Leistungen sind bei uns vor Ort zu erbringen.|Bitte Termine mit unserem Ansprechpartner abstimmen.|Leistungsnachweis für die Rechnung erforderlich.|Ausführung gemäß Leistungsbeschreibung.",
        "FR": "Prestations à réaliser dans nos locaux.|Merci de confirmer les dates avec notre contact sur site.|Attestation de service requise pour la facturation.|Travaux à exécuter selon le cahier des charges.",
        "ES": "Servicios a realizar en nuestras instalaciones.|Confirme las fechas con nuestro contacto en planta.|Hoja de servicio necesaria para facturar.|Trabajos según el pliego de condiciones.",
        "IT": "Prestazioni da eseguire presso la nostra sede.|Concordare le date con il nostro referente.|Foglio di servizio necessario per la fatturazione.|Lavori da eseguire secondo il capitolato.",
    },
    "SCHEDULING_AGREEMENT": {
        "EN": "Delivery schedule lines follow weekly.|Quantities per the delivery schedule below.|Forecast and firm zones as agreed.|Deliver according to the schedule lines.",
        "DE": "Lieferplaneinteilungen folgen wöchentlich.|Mengen gemäß untenstehendem Lieferplan.|Prognose- und Fixzeitraum wie vereinbart.|Lieferung gemäß Einteilungen.",
        "FR": "Les échéances de livraison suivent chaque semaine.|Quantités selon le programme de livraison.|Horizons prévisionnel et ferme comme convenu.|Livrer selon les lignes d'échéancier.",
        "ES": "Las fechas de reparto se envían semanalmente.|Cantidades según el plan de entregas.|Horizonte previsto y firme según lo acordado.|Entregar según las líneas del plan.",
        "IT": "Le righe di consegna seguono settimanalmente.|Quantità secondo il piano di consegna.|Orizzonte previsionale e fisso come concordato.|Consegnare secondo le righe del piano.",
    },
    "RUSH_ORDER": {
        "EN": "Urgent: please ship immediately.|Express delivery required.|Priority order, same-day dispatch.|Please treat as urgent.",
        "DE": "Eilt: bitte sofort versenden.|Expresslieferung erforderlich.|Prioritätsauftrag, Versand am selben Tag.|Bitte dringend bearbeiten.",
        "FR": "Urgent : merci d'expédier immédiatement.|Livraison express requise.|Commande prioritaire, expédition le jour même.|À traiter en urgence.",
        "ES": "Urgente: envíen de inmediato.|Se requiere entrega urgente.|Pedido prioritario, envío en el día.|Tramitar con urgencia.",
        "IT": "Urgente: spedire immediatamente.|Consegna espressa richiesta.|Ordine prioritario, spedizione in giornata.|Da trattare con urgenza.",
    },
    "RETURN_PO": {
        "EN": "Goods to be returned to the supplier.|Return authorisation as agreed.|Please collect the goods listed below.|Return of defective material.",
        "DE": "Ware geht an den Lieferanten zurück.|Rücksendung wie vereinbart genehmigt.|Bitte holen Sie die folgende Ware ab.|Rückgabe von fehlerhaftem Material.",
        "FR": "Marchandises à retourner au fournisseur.|Autorisation de retour comme convenu.|Merci d'enlever les marchandises ci-dessous.|Retour de matériel défectueux.",
        "ES": "Mercancía a devolver al proveedor.|Autorización de devolución según lo acordado.|Rogamos recojan la mercancía siguiente.|Devolución de material defectuoso.",
        "IT": "Merce da restituire al fornitore.|Autorizzazione al reso come concordato.|Vi preghiamo di ritirare la merce sotto indicata.|Reso di materiale difettoso.",
    },
    "STOCK_TRANSFER_PO": {
        "EN": "Transfer between our plants.|Internal replenishment, no invoice.|Ship from the supplying plant to the receiving plant.|Intercompany stock movement.",
        "DE": "Umlagerung zwischen unseren Werken.|Interner Nachschub, keine Rechnung.|Versand vom liefernden an das empfangende Werk.|Bestandsumlagerung im Konzern.",
        "FR": "Transfert entre nos sites.|Réapprovisionnement interne, sans facture.|Expédier du site fournisseur au site réceptionnaire.|Mouvement de stock intersociétés.",
        "ES": "Traslado entre nuestros centros.|Reposición interna, sin factura.|Enviar del centro suministrador al centro receptor.|Movimiento de stock entre sociedades.",
        "IT": "Trasferimento tra i nostri stabilimenti.|Rifornimento interno, senza fattura.|Spedire dallo stabilimento fornitore a quello ricevente.|Movimento di magazzino infragruppo.",
    },
    # ── deliveries and goods movements ──
    "PARTIAL_DELIVERY": {
        "EN": "Balance to follow.|Remaining quantities will be shipped separately.|Partial shipment of your order.|Backorder will follow shortly.",
        "DE": "Restmenge folgt.|Die Restmengen werden separat geliefert.|Teillieferung Ihrer Bestellung.|Rückstand wird in Kürze nachgeliefert.",
        "FR": "Le reliquat suivra.|Les quantités restantes seront expédiées séparément.|Livraison partielle de votre commande.|Le solde suivra prochainement.",
        "ES": "El resto se enviará más adelante.|Las cantidades pendientes se enviarán por separado.|Entrega parcial de su pedido.|El pendiente se servirá en breve.",
        "IT": "Il saldo seguirà.|Le quantità residue saranno spedite separatamente.|Consegna parziale del Vostro ordine.|Il residuo seguirà a breve.",
    },
    "PACKING_LIST": {
        "EN": "Contents per package as listed.|Check each carton against this list.|Package dimensions and weights below.|Packed and sealed by our warehouse.",
        "DE": "Inhalt je Packstück wie aufgeführt.|Bitte jeden Karton mit dieser Liste abgleichen.|Abmessungen und Gewichte der Packstücke unten.|Verpackt und versiegelt durch unser Lager.",
        "FR": "Contenu par colis comme indiqué.|Vérifier chaque carton avec cette liste.|Dimensions et poids des colis ci-dessous.|Emballé et scellé par notre entrepôt.",
        "ES": "Contenido por bulto según se indica.|Compruebe cada caja con esta lista.|Dimensiones y pesos de los bultos abajo.|Embalado y precintado por nuestro almacén.",
        "IT": "Contenuto per collo come elencato.|Controllare ogni cartone con questa lista.|Dimensioni e pesi dei colli sotto.|Imballato e sigillato dal nostro magazzino.",
    },
    "GR_FOR_PO": {
        "EN": "Goods received against the purchase order.|Received in good condition.|Receipt posted to unrestricted stock.|Quantities checked on arrival.",
        "DE": "Wareneingang zur Bestellung.|In einwandfreiem Zustand erhalten.|Zugang in den frei verwendbaren Bestand gebucht.|Mengen bei Anlieferung geprüft.",
        "FR": "Marchandises reçues sur commande.|Reçu en bon état.|Entrée comptabilisée en stock libre.|Quantités contrôlées à l'arrivée.",
        "ES": "Mercancía recibida contra el pedido.|Recibido en buen estado.|Entrada contabilizada en stock de libre utilización.|Cantidades comprobadas a la llegada.",
        "IT": "Merce ricevuta a fronte dell'ordine.|Ricevuto in buono stato.|Entrata registrata in stock libero.|Quantità controllate all'arrivo.",
    },
    "RETURN_TO_VENDOR": {
        "EN": "Goods sent back to the vendor.|Reason for return: damaged on arrival.|Return delivery to the supplier.|Rejected goods returned.",
        "DE": "Ware an den Lieferanten zurückgeschickt.|Rücksendegrund: beschädigt angeliefert.|Rücklieferung an den Lieferanten.|Beanstandete Ware zurückgesandt.",
        "FR": "Marchandises renvoyées au fournisseur.|Motif du retour : endommagé à la réception.|Retour livraison au fournisseur.|Marchandises refusées retournées.",
        "ES": "Mercancía devuelta al proveedor.|Motivo de devolución: dañado a la llegada.|Devolución de entrega al proveedor.|Mercancía rechazada devuelta.",
        "IT": "Merce rispedita al fornitore.|Motivo del reso: danneggiata all'arrivo.|Reso al fornitore.|Merce respinta restituita.",
    },
    "GR_BLOCKED_STOCK": {
        "EN": "Posted to blocked stock pending inspection.|Quality inspection required before use.|Do not use until released by quality.|Held in quarantine.",
        "DE": "In den Sperrbestand gebucht, Prüfung ausstehend.|Qualitätsprüfung vor Verwendung erforderlich.|Nicht verwenden bis zur Freigabe durch QS.|In Quarantäne.",
        "FR": "Comptabilisé en stock bloqué en attente de contrôle.|Contrôle qualité requis avant utilisation.|Ne pas utiliser avant libération qualité.|En quarantaine.",
        "ES": "Contabilizado en stock bloqueado pendiente de inspección.|Inspección de calidad antes de usar.|No usar hasta liberación de calidad.|En cuarentena.",
        "IT": "Registrato in stock bloccato in attesa di controllo.|Controllo qualità richiesto prima dell'uso.|Non utilizzare fino al rilascio qualità.|In quarantena.",
    },
    "SCRAPPING": {
        "EN": "Material scrapped and disposed of.|Write-off of damaged stock.|Expired goods destroyed.|Scrap posted for obsolete material.",
        "DE": "Material verschrottet und entsorgt.|Abschreibung beschädigter Bestände.|Abgelaufene Ware vernichtet.|Verschrottung von Altmaterial gebucht.",
        "FR": "Matériel mis au rebut et éliminé.|Dépréciation du stock endommagé.|Marchandises périmées détruites.|Mise au rebut du matériel obsolète.",
        "ES": "Material desguazado y eliminado.|Baja de existencias dañadas.|Mercancía caducada destruida.|Desguace de material obsoleto contabilizado.",
        "IT": "Materiale rottamato e smaltito.|Svalutazione di scorte danneggiate.|Merce scaduta distrutta.|Rottamazione di materiale obsoleto registrata.",
    },
    "PRODUCTION_ORDER": {
        "EN": "Components issued to the production order.|Material staged for the shop floor.|Withdrawal for manufacturing.|Issued against the bill of materials.",
        "DE": "Komponenten an den Fertigungsauftrag ausgegeben.|Material für die Fertigung bereitgestellt.|Entnahme für die Produktion.|Entnahme laut Stückliste.",
        "FR": "Composants sortis pour l'ordre de fabrication.|Matériel préparé pour l'atelier.|Prélèvement pour la production.|Sortie selon la nomenclature.",
        "ES": "Componentes entregados a la orden de fabricación.|Material preparado para el taller.|Retirada para producción.|Salida según la lista de materiales.",
        "IT": "Componenti prelevati per l'ordine di produzione.|Materiale approntato per il reparto.|Prelievo per la produzione.|Uscita secondo la distinta base.",
    },
    "COST_CENTER": {
        "EN": "Consumption charged to the cost center.|Material withdrawn for internal use.|Issued for maintenance and consumption.|Booked as consumption expense.",
        "DE": "Verbrauch auf Kostenstelle gebucht.|Material für den Eigenbedarf entnommen.|Ausgabe für Instandhaltung und Verbrauch.|Als Verbrauchsaufwand gebucht.",
        "FR": "Consommation imputée au centre de coûts.|Matériel prélevé pour usage interne.|Sortie pour maintenance et consommation.|Comptabilisé en charge de consommation.",
        "ES": "Consumo imputado al centro de coste.|Material retirado para uso interno.|Salida para mantenimiento y consumo.|Contabilizado como gasto de consumo.",
        "IT": "Consumo imputato al centro di costo.|Materiale prelevato per uso interno.|Uscita per manutenzione e consumo.|Registrato come costo di consumo.",
    },
    # ── journals ──
    "ACCRUAL": {
        "EN": "Accrual for expenses not yet invoiced.|To be reversed on the first day of next period.|Period-end accrual.|Deferred expense for the closing period.",
        "DE": "Abgrenzung für noch nicht berechnete Aufwendungen.|Storno am ersten Tag der Folgeperiode.|Periodenabgrenzung zum Monatsende.|Rechnungsabgrenzung für die Abschlussperiode.",
        "FR": "Charges à payer non encore facturées.|À extourner le premier jour de la période suivante.|Régularisation de fin de période.|Charge constatée d'avance pour la clôture.",
        "ES": "Periodificación de gastos no facturados.|A revertir el primer día del periodo siguiente.|Ajuste de cierre de periodo.|Gasto diferido del periodo de cierre.",
        "IT": "Rateo per costi non ancora fatturati.|Da stornare il primo giorno del periodo successivo.|Scrittura di assestamento di fine periodo.|Risconto per il periodo di chiusura.",
    },
    "RECLASSIFICATION": {
        "EN": "Reclassification from the wrong account.|Transfer between general ledger accounts.|Correction of the original posting.|Moved to the correct account.",
        "DE": "Umbuchung vom falschen Konto.|Übertrag zwischen Sachkonten.|Korrektur der ursprünglichen Buchung.|Auf das richtige Konto umgebucht.",
        "FR": "Reclassement depuis le mauvais compte.|Virement entre comptes généraux.|Correction de l'écriture d'origine.|Transféré sur le bon compte.",
        "ES": "Reclasificación desde la cuenta errónea.|Traspaso entre cuentas de mayor.|Corrección del asiento original.|Trasladado a la cuenta correcta.",
        "IT": "Riclassifica dal conto errato.|Giroconto tra conti di contabilità generale.|Rettifica della registrazione originaria.|Spostato sul conto corretto.",
    },
    # ── payments ──
    "REMITTANCE_ADVICE": {
        "EN": "We have paid the following invoices.|The amount has been transferred to your account.|Payment made for the items below.|Please allocate this transfer to the invoices listed.",
        "DE": "Wir haben folgende Rechnungen bezahlt.|Der Betrag wurde auf Ihr Konto überwiesen.|Zahlung für die folgenden Posten.|Bitte ordnen Sie die Überweisung den Rechnungen zu.",
        "FR": "Nous avons réglé les factures suivantes.|Le montant a été viré sur votre compte.|Paiement effectué pour les pièces ci-dessous.|Merci d'affecter ce virement aux factures indiquées.",
        "ES": "Hemos pagado las siguientes facturas.|El importe ha sido transferido a su cuenta.|Pago realizado por las partidas siguientes.|Apliquen esta transferencia a las facturas indicadas.",
        "IT": "Abbiamo pagato le seguenti fatture.|L'importo è stato bonificato sul Vostro conto.|Pagamento effettuato per le partite sotto indicate.|Vi preghiamo di imputare il bonifico alle fatture elencate.",
    },
    "DIRECT_DEBIT_NOTICE": {
        "EN": "The amount will be collected from your account.|SEPA direct debit under the mandate on file.|Please ensure sufficient funds on the due date.|We will debit your bank account.",
        "DE": "Der Betrag wird von Ihrem Konto eingezogen.|SEPA-Lastschrift gemäß vorliegendem Mandat.|Bitte sorgen Sie für ausreichende Deckung.|Wir buchen den Betrag von Ihrem Konto ab.",
        "FR": "Le montant sera prélevé sur votre compte.|Prélèvement SEPA selon le mandat en vigueur.|Merci d'assurer une provision suffisante.|Nous débiterons votre compte bancaire.",
        "ES": "El importe se cargará en su cuenta.|Adeudo SEPA según el mandato vigente.|Asegure saldo suficiente al vencimiento.|Cargaremos el importe en su cuenta bancaria.",
        "IT": "L'importo sarà addebitato sul Vostro conto.|Addebito SEPA secondo il mandato in essere.|Vi preghiamo di garantire la copertura.|Addebiteremo il Vostro conto bancario.",
    },
    "PAYMENT_REMINDER": {
        "EN": "The following invoices are overdue.|Please pay the outstanding amount without delay.|Our records show these items still unpaid.|If you have already paid, please disregard this notice.",
        "DE": "Folgende Rechnungen sind überfällig.|Bitte begleichen Sie den offenen Betrag umgehend.|Laut unseren Unterlagen sind diese Posten noch offen.|Sollten Sie bereits gezahlt haben, betrachten Sie dieses Schreiben als gegenstandslos.",
        "FR": "Les factures suivantes sont échues et impayées.|Merci de régler le solde dû sans délai.|Selon nos livres, ces pièces restent impayées.|Si vous avez déjà réglé, merci de ne pas tenir compte de ce courrier.",
        "ES": "Las siguientes facturas están vencidas.|Rogamos abonen el importe pendiente sin demora.|Según nuestros registros estas partidas siguen impagadas.|Si ya ha efectuado el pago, ignore este aviso.",
        "IT": "Le seguenti fatture risultano scadute.|Vi preghiamo di saldare l'importo insoluto senza indugio.|Dai nostri registri queste partite risultano ancora aperte.|Se avete già provveduto al pagamento, ignorate il presente avviso.",
    },
}
SUBTYPE_REMARKS["DOWN_PAYMENT_REQUEST"] = SUBTYPE_REMARKS["PREPAYMENT"]
SUBTYPE_REMARKS["RETURNS_ORDER"] = SUBTYPE_REMARKS["RETURN_PO"]


def subtype_remark(subtype: str, language: str, split: str, rng: random.Random) -> str | None:
    """A remark for a document of ``subtype``, or None (no remark known, or this document prints none)."""
    if subtype not in SUBTYPE_REMARKS or rng.random() >= REMARK_SHARE:
        return None
    return pick(rng, SUBTYPE_REMARKS, subtype, language, split)
