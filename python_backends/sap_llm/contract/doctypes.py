"""The 15 document types of the contract and their subtypes, as SAP users know them.

Names are fixed by CONTRACT.md (types) and stay UPPER_SNAKE (subtypes); each
subtype carries a short description and the SAP attributes that downstream
stages act on (``sap_document_type`` such as the purchasing document type
``NB``, ``movement_type`` for inventory postings, ``credit_memo`` for the
SupplierInvoice API's debit/credit indicator, ...). Everything here is data:
classification labels, generator choices, routing hints and validation
defaults all read it from here so that no stage re-invents a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class DocumentTypeInfo:
    """One of the 15 document types: what it is and which way it usually travels."""

    name: str
    description: str
    direction: str  # incoming | outgoing | internal | either
    has_line_items: bool
    sap_api: str | None  # CONTRACT.md routing target (the KB is the authority for names)


@dataclass(frozen=True)
class SubtypeInfo:
    """A subtype of a document type with its SAP-relevant attributes as plain data.

    ``attributes["optional_fields"]`` names header fields the type requires but
    this subtype may lack (a till receipt has no invoice number or currency code).
    """

    document_type: str
    name: str
    description: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.attributes.get(key, default)


_TYPES: list[DocumentTypeInfo] = [
    DocumentTypeInfo("PURCHASE_ORDER", "An order the organisation sends to a supplier (purchasing document).",
                     "outgoing", True, "API_PURCHASEORDER_PROCESS_SRV"),
    DocumentTypeInfo("SUPPLIER_INVOICE", "An invoice received from a supplier (accounts payable), including "
                     "retail / expense receipts.", "incoming", True, "API_SUPPLIERINVOICE_PROCESS_SRV"),
    DocumentTypeInfo("SALES_ORDER", "An order received from a customer (a customer's purchase order).",
                     "incoming", True, "API_SALES_ORDER_SRV"),
    DocumentTypeInfo("CUSTOMER_INVOICE", "An invoice (billing document) the organisation issues to a customer.",
                     "outgoing", True, "API_BILLING_DOCUMENT_SRV"),
    DocumentTypeInfo("GOODS_RECEIPT", "A goods receipt / inbound inventory posting (material document).",
                     "internal", True, "API_MATERIAL_DOCUMENT_SRV"),
    DocumentTypeInfo("GOODS_ISSUE", "A goods issue / outbound inventory posting (material document).",
                     "internal", True, "API_MATERIAL_DOCUMENT_SRV"),
    DocumentTypeInfo("JOURNAL_ENTRY", "A general-ledger posting: debit and credit lines on G/L accounts.",
                     "internal", True, "API_JOURNALENTRY_CREATE_SRV"),
    DocumentTypeInfo("PRODUCT_MASTER", "A product data sheet / product master creation or change form.",
                     "internal", False, "API_PRODUCT_SRV"),
    DocumentTypeInfo("VENDOR_MASTER", "A supplier master data form (new vendor, bank or address change).",
                     "incoming", False, "API_BUSINESS_PARTNER"),
    DocumentTypeInfo("CUSTOMER_MASTER", "A customer master data form (new customer, credit limit, changes).",
                     "incoming", False, "API_BUSINESS_PARTNER"),
    DocumentTypeInfo("MATERIAL_MASTER", "A material master creation / extension / change request.",
                     "internal", False, "API_PRODUCT_SRV"),
    DocumentTypeInfo("PAYMENT_ADVICE", "A remittance / payment advice: which open items a payment settles.",
                     "either", True, None),
    DocumentTypeInfo("DELIVERY_NOTE", "A delivery note / packing slip accompanying a shipment.",
                     "incoming", True, "API_INBOUND_DELIVERY_SRV"),
    DocumentTypeInfo("CREDIT_MEMO", "A credit note reducing an amount owed (from a supplier or to a customer).",
                     "either", True, "API_SUPPLIERINVOICE_PROCESS_SRV"),
    DocumentTypeInfo("UNKNOWN", "Not a business document the system posts (letters, newsletters, forms...).",
                     "either", False, None),
]

# (subtype, description, attributes) per type. Attributes use SAP terms:
# sap_document_type = purchasing doc type (BSART) / sales doc type (AUART) /
# billing type (FKART) / journal entry type (BLART); movement_type = BWART.
_S = tuple[str, str, dict[str, Any]]

_PURCHASE_ORDER: list[_S] = [
    ("STANDARD_PO", "Standard purchase order for stock or consumable material.", {"sap_document_type": "NB"}),
    ("BLANKET_PO", "Blanket (framework) PO with a validity period and value limit, many invoices.",
     {"sap_document_type": "FO", "value_limit": True}),
    ("CONTRACT_PO", "Release order against a quantity or value contract.", {"sap_document_type": "NB", "references_contract": True}),
    ("CONTRACT_RELEASE_ORDER", "Release (call-off) order referencing an outline agreement item.",
     {"sap_document_type": "NB", "references_contract": True}),
    ("FRAMEWORK_ORDER", "Framework order (FO) for recurring low-value requirements over a period.",
     {"sap_document_type": "FO", "value_limit": True}),
    ("SCHEDULING_AGREEMENT", "Scheduling agreement with delivery schedule lines (LP).",
     {"sap_document_type": "LP", "schedule_lines": True}),
    ("SCHEDULING_AGREEMENT_RELEASE", "Forecast/JIT delivery schedule release against a scheduling agreement.",
     {"sap_document_type": "LPA", "schedule_lines": True}),
    ("QUANTITY_CONTRACT", "Outline agreement fixing a total quantity to be called off.", {"sap_document_type": "MK"}),
    ("VALUE_CONTRACT", "Outline agreement fixing a total value to be called off.", {"sap_document_type": "WK"}),
    ("SERVICE_PO", "Purchase order for services (service entry sheet / lean services).",
     {"sap_document_type": "NB", "item_category": "D"}),
    ("CONSIGNMENT_PO", "Consignment order: stock stays vendor-owned until withdrawn.", {"sap_document_type": "NB", "item_category": "K"}),
    ("SUBCONTRACTING_PO", "Subcontracting order: components provided to the vendor for processing.",
     {"sap_document_type": "NB", "item_category": "L"}),
    ("STOCK_TRANSFER_PO", "Stock transport order between plants of the organisation.", {"sap_document_type": "UB", "item_category": "U"}),
    ("INTERCOMPANY_PO", "Cross-company stock transport order to another company code of the group.",
     {"sap_document_type": "NB", "intercompany": True}),
    ("THIRD_PARTY_PO", "Third-party order: the vendor ships directly to the customer of a sales order.",
     {"sap_document_type": "NB", "item_category": "S"}),
    ("LIMIT_PO", "Limit item PO: a value limit for unplanned goods/services without detailed items.",
     {"sap_document_type": "FO", "value_limit": True}),
    ("RUSH_ORDER", "Urgent purchase order with an expedited delivery date.", {"sap_document_type": "NB", "priority": "urgent"}),
    ("DROP_SHIP_PO", "Drop-shipment PO delivered straight to a customer address.", {"sap_document_type": "NB", "item_category": "S"}),
    ("RETURN_PO", "Returns purchase order sending goods back to the vendor.", {"sap_document_type": "NB", "returns_item": True}),
    ("CAPEX_PO", "PO for capital expenditure, account-assigned to an asset or investment order.",
     {"sap_document_type": "NB", "account_assignment": "A"}),
    ("ASSET_PO", "PO for a fixed asset (account assignment category A).", {"sap_document_type": "NB", "account_assignment": "A"}),
    ("COST_CENTER_PO", "PO for consumables charged to a cost center (account assignment K).",
     {"sap_document_type": "NB", "account_assignment": "K"}),
    ("PROJECT_PO", "PO charged to a WBS element / project (account assignment P).", {"sap_document_type": "NB", "account_assignment": "P"}),
    ("MRO_PO", "Maintenance, repair and operations PO, often against a maintenance order.",
     {"sap_document_type": "NB", "account_assignment": "F"}),
    ("CATALOG_PO", "PO created from a supplier catalogue / punch-out cart.", {"sap_document_type": "NB", "catalog": True}),
    ("SPOT_BUY_PO", "One-time PO for a non-catalogue purchase from a one-time vendor.", {"sap_document_type": "NB", "one_time_vendor": True}),
    ("IMPORT_PO", "Import PO with Incoterms, customs and foreign-currency terms.", {"sap_document_type": "NB", "foreign_trade": True}),
    ("EXPORT_PO", "PO for goods shipped abroad, with export documentation requirements.", {"sap_document_type": "NB", "foreign_trade": True}),
    ("PLANNED_PO", "PO converted from an MRP purchase requisition with planned delivery dates.", {"sap_document_type": "NB"}),
    ("CHANGE_ORDER", "Change to an existing PO (quantities, prices or dates amended).", {"sap_document_type": "NB", "change": True}),
    ("CANCELLATION_PO", "Cancellation of a previously issued purchase order.", {"sap_document_type": "NB", "cancellation": True}),
    ("ENJOY_PO", "PO entered through the classic Enjoy transaction ME21N with free-form layout.", {"sap_document_type": "NB"}),
    ("OUTSOURCING_PO", "PO for an outsourced process or manufacturing step.", {"sap_document_type": "NB", "item_category": "L"}),
    ("SAMPLE_PO", "Order for samples or prototypes (often free of charge).", {"sap_document_type": "NB", "free_of_charge": True}),
    ("FREE_OF_CHARGE_PO", "Free-of-charge delivery order (no invoice expected).", {"sap_document_type": "NB", "free_of_charge": True}),
    ("ENERGY_PO", "PO for utilities / energy supply with estimated consumption.", {"sap_document_type": "NB", "item_category": "D"}),
    ("TOLL_MANUFACTURING_PO", "Toll manufacturing order: the vendor processes the buyer's material for a fee.",
     {"sap_document_type": "NB", "item_category": "L"}),
    ("CROSS_DOCK_PO", "PO for goods routed through a cross-docking centre without storage.", {"sap_document_type": "NB"}),
]

_SUPPLIER_INVOICE: list[_S] = [
    ("STANDARD_INVOICE", "Standard supplier invoice for goods or services, usually with a PO reference.",
     {"credit_memo": False}),
    ("DEBIT_MEMO", "Subsequent debit: the supplier charges an additional amount (price increase, extra cost).",
     {"credit_memo": False, "subsequent_debit": True}),
    ("PROFORMA_INVOICE", "Pro-forma invoice: a preliminary bill for customs or prepayment, not a tax invoice.",
     {"credit_memo": False, "postable": False}),
    ("COMMERCIAL_INVOICE", "Commercial invoice for international shipments (customs value, Incoterms, HS codes).",
     {"credit_memo": False, "foreign_trade": True}),
    ("RECEIPT", "Retail / expense receipt (till slip): supplier, date, total, often no buyer.",
     {"credit_memo": False, "expense": True, "optional_fields": ("invoice_number", "currency")}),
    ("SELF_BILLING", "Self-billing invoice (ERS) issued by the buyer on the supplier's behalf.",
     {"credit_memo": False, "evaluated_receipt_settlement": True}),
    ("PREPAYMENT", "Down-payment / prepayment request before delivery.", {"credit_memo": False, "down_payment": True}),
    ("PARTIAL_INVOICE", "Partial (progress) invoice for part of an order.", {"credit_memo": False}),
    ("FINAL_INVOICE", "Final invoice settling an order after partial or down-payment invoices.", {"credit_memo": False}),
    ("SERVICE_INVOICE", "Invoice for services (hours, days, service entry sheet).", {"credit_memo": False, "services": True}),
    ("FREIGHT_INVOICE", "Carrier's invoice for transport / freight charges.", {"credit_memo": False, "planned_delivery_costs": True}),
    ("UTILITY_INVOICE", "Utility bill (energy, water, telecom) with meter readings and a billing period.",
     {"credit_memo": False, "recurring": True}),
    ("CREDIT_CARD_STATEMENT", "Corporate card statement listing card transactions to be posted.",
     {"credit_memo": False, "expense": True, "optional_fields": ("invoice_number",)}),
    ("SUMMARY_INVOICE", "Collective invoice covering several deliveries or orders in one period.", {"credit_memo": False}),
    ("TAX_INVOICE", "Tax invoice in the legal form required by the tax authority (e.g. GST / VAT invoice).",
     {"credit_memo": False}),
    ("RECURRING_INVOICE", "Periodic invoice for rent, leasing, subscriptions or maintenance contracts.",
     {"credit_memo": False, "recurring": True}),
    ("E_INVOICE", "Structured electronic invoice (XRechnung, ZUGFeRD, FatturaPA) rendered to paper/PDF.",
     {"credit_memo": False}),
    ("NON_PO_INVOICE", "Invoice without a purchase order reference, posted to G/L accounts / cost centers.",
     {"credit_memo": False, "po_based": False}),
    ("CONSIGNMENT_SETTLEMENT", "Consignment / pipeline withdrawal settlement invoice.", {"credit_memo": False}),
    ("TRAVEL_EXPENSE_INVOICE", "Hotel, travel or subsistence invoice (expense report evidence).",
     {"credit_memo": False, "expense": True}),
]

_SALES_ORDER: list[_S] = [
    ("STANDARD_ORDER", "Standard customer order (OR).", {"sap_document_type": "OR"}),
    ("RUSH_ORDER", "Rush order: delivery created immediately on saving (SO).", {"sap_document_type": "SO"}),
    ("CASH_SALE", "Cash sale: goods handed over and paid at once (BV).", {"sap_document_type": "BV"}),
    ("SCHEDULING_AGREEMENT", "Customer scheduling agreement with delivery schedules (LZ).", {"sap_document_type": "LZ"}),
    ("CONTRACT_RELEASE", "Release order against a customer quantity or value contract.", {"sap_document_type": "OR"}),
    ("CONSIGNMENT_FILL_UP", "Consignment fill-up: stock moved to the customer's site (KB).", {"sap_document_type": "KB"}),
    ("CONSIGNMENT_ISSUE", "Consignment issue: customer takes goods from consignment stock (KE).", {"sap_document_type": "KE"}),
    ("RETURNS_ORDER", "Customer returns order (RE).", {"sap_document_type": "RE"}),
    ("FREE_OF_CHARGE_DELIVERY", "Free-of-charge delivery order (FD).", {"sap_document_type": "FD"}),
    ("THIRD_PARTY_ORDER", "Order fulfilled by a third-party supplier shipping directly.", {"sap_document_type": "OR", "item_category": "TAS"}),
    ("SERVICE_ORDER", "Order for services billed by time and material.", {"sap_document_type": "OR"}),
    ("FRAMEWORK_ORDER", "Customer framework / blanket order with a value limit.", {"sap_document_type": "OR"}),
    ("EXPORT_ORDER", "Order from a foreign customer with export and customs terms.", {"sap_document_type": "OR", "foreign_trade": True}),
    ("CHANGE_ORDER", "Customer's amendment to an existing order.", {"sap_document_type": "OR", "change": True}),
]

_CUSTOMER_INVOICE: list[_S] = [
    ("STANDARD_INVOICE", "Standard billing document for a delivery (F2).", {"sap_document_type": "F2", "credit_memo": False}),
    ("PROFORMA_INVOICE", "Pro-forma invoice for customs or advance payment (F5/F8).", {"sap_document_type": "F5", "postable": False}),
    ("DEBIT_MEMO", "Debit memo charging the customer an additional amount (L2).", {"sap_document_type": "L2"}),
    ("DOWN_PAYMENT_REQUEST", "Down-payment request before delivery (FAZ).", {"sap_document_type": "FAZ"}),
    ("INTERCOMPANY_INVOICE", "Intercompany billing between company codes of the group (IV).", {"sap_document_type": "IV"}),
    ("CASH_SALE_INVOICE", "Invoice/receipt for a cash sale (BV).",
     {"sap_document_type": "BV", "optional_fields": ("customer_name",)}),
    ("SERVICE_INVOICE", "Invoice for services rendered.", {"sap_document_type": "F2"}),
    ("MILESTONE_INVOICE", "Milestone billing in a project (partial invoice per milestone).", {"sap_document_type": "F2"}),
    ("PERIODIC_INVOICE", "Periodic billing (rent, subscription, maintenance).", {"sap_document_type": "F2", "recurring": True}),
    ("COMMERCIAL_INVOICE", "Export commercial invoice with customs data.", {"sap_document_type": "F2", "foreign_trade": True}),
    ("COLLECTIVE_INVOICE", "Collective invoice over several deliveries.", {"sap_document_type": "F2"}),
    ("CANCELLATION_INVOICE", "Cancellation of a billing document (S1).", {"sap_document_type": "S1"}),
]

_GOODS_RECEIPT: list[_S] = [
    ("GR_FOR_PO", "Goods receipt for a purchase order into warehouse.", {"movement_type": "101"}),
    ("GR_REVERSAL", "Reversal of a goods receipt for a purchase order.", {"movement_type": "102"}),
    ("GR_BLOCKED_STOCK", "Goods receipt into GR blocked stock (not yet valuated).", {"movement_type": "103"}),
    ("RELEASE_FROM_BLOCKED", "Release from GR blocked stock into valuated stock.", {"movement_type": "105"}),
    ("RETURN_TO_VENDOR", "Return delivery to the vendor referencing the goods receipt.", {"movement_type": "122"}),
    ("RETURN_FROM_BLOCKED", "Return to vendor from GR blocked stock.", {"movement_type": "124"}),
    ("GR_FOR_PRODUCTION_ORDER", "Receipt of finished goods from a production order.", {"movement_type": "101", "reference": "production_order"}),
    ("GR_WITHOUT_PO", "Other goods receipt without a purchase order.", {"movement_type": "501"}),
    ("GR_FREE_OF_CHARGE", "Free-of-charge receipt (samples, replacements).", {"movement_type": "511"}),
    ("INITIAL_STOCK_ENTRY", "Initial entry of stock balances.", {"movement_type": "561"}),
    ("GR_CONSIGNMENT", "Goods receipt into vendor consignment stock.", {"movement_type": "101", "special_stock": "K"}),
    ("GR_SUBCONTRACTING", "Receipt of goods from a subcontractor with component consumption.", {"movement_type": "101", "item_category": "L"}),
    ("GR_STOCK_TRANSFER", "Receipt from a stock transport order (other plant).", {"movement_type": "101", "reference": "stock_transport_order"}),
    ("GR_FROM_INBOUND_DELIVERY", "Goods receipt posted against an inbound delivery.", {"movement_type": "101", "reference": "inbound_delivery"}),
]

_GOODS_ISSUE: list[_S] = [
    ("COST_CENTER", "Goods issue for consumption on a cost center.", {"movement_type": "201"}),
    ("COST_CENTER_REVERSAL", "Reversal of a goods issue to a cost center.", {"movement_type": "202"}),
    ("PRODUCTION_ORDER", "Goods issue to a production order (component consumption).", {"movement_type": "261"}),
    ("PRODUCTION_ORDER_REVERSAL", "Return of components from a production order.", {"movement_type": "262"}),
    ("PROJECT", "Goods issue to a WBS element / project.", {"movement_type": "221"}),
    ("SALES_ORDER", "Goods issue for a customer delivery.", {"movement_type": "601"}),
    ("SCRAPPING", "Scrapping of stock.", {"movement_type": "551"}),
    ("SAMPLING", "Withdrawal for sampling / quality inspection.", {"movement_type": "333"}),
    ("TRANSFER_PLANT_TO_PLANT", "Transfer posting plant to plant in one step.", {"movement_type": "301"}),
    ("TRANSFER_STORAGE_LOCATION", "Transfer posting between storage locations.", {"movement_type": "311"}),
    ("RETURN_TO_VENDOR", "Return delivery to vendor from unrestricted stock.", {"movement_type": "161"}),
    ("ASSET", "Goods issue to a fixed asset.", {"movement_type": "241"}),
    ("MAINTENANCE_ORDER", "Goods issue to a maintenance order.", {"movement_type": "261", "reference": "maintenance_order"}),
]

_JOURNAL_ENTRY: list[_S] = [
    ("GENERAL_JOURNAL", "Manual G/L posting (SA).", {"sap_document_type": "SA"}),
    ("ACCRUAL", "Period-end accrual / deferral posting.", {"sap_document_type": "SA", "reversal_planned": True}),
    ("REVERSAL", "Reversal of a previous journal entry.", {"sap_document_type": "AB"}),
    ("RECLASSIFICATION", "Reclassification between G/L accounts or cost objects.", {"sap_document_type": "SA"}),
    ("PAYROLL", "Payroll posting summary.", {"sap_document_type": "PR"}),
    ("DEPRECIATION", "Asset depreciation posting.", {"sap_document_type": "AF"}),
    ("BANK_STATEMENT", "Bank statement posting (incoming and outgoing payments).", {"sap_document_type": "ZB"}),
    ("CASH_JOURNAL", "Cash journal posting (petty cash).", {"sap_document_type": "CJ"}),
    ("INTERCOMPANY", "Intercompany journal entry across company codes.", {"sap_document_type": "SA", "intercompany": True}),
    ("RECURRING_ENTRY", "Recurring entry (rent, insurance, leasing).", {"sap_document_type": "SA", "recurring": True}),
    ("ALLOCATION", "Cost allocation / assessment between cost centers.", {"sap_document_type": "SA"}),
    ("CURRENCY_REVALUATION", "Foreign-currency valuation adjustment.", {"sap_document_type": "SA"}),
]

_PRODUCT_MASTER: list[_S] = [
    ("NEW_PRODUCT", "Creation of a new product master record.", {"change_type": "create"}),
    ("PRODUCT_CHANGE", "Change of product attributes (description, weights, groups).", {"change_type": "change"}),
    ("PRODUCT_DATA_SHEET", "Supplier / manufacturer product data sheet.", {"change_type": "create"}),
    ("PRICE_UPDATE", "Product price change request.", {"change_type": "change"}),
    ("PRODUCT_DISCONTINUATION", "Discontinuation / block of a product.", {"change_type": "block"}),
    ("PLANT_EXTENSION", "Extension of a product to another plant or sales organisation.", {"change_type": "extend"}),
]

_VENDOR_MASTER: list[_S] = [
    ("NEW_VENDOR", "Supplier registration / new vendor form.", {"change_type": "create", "bp_role": "FLVN00"}),
    ("BANK_DETAILS_CHANGE", "Change of the vendor's bank account (high fraud risk: verify).", {"change_type": "change", "sensitive": True}),
    ("ADDRESS_CHANGE", "Change of the vendor's address or contact data.", {"change_type": "change"}),
    ("TAX_DATA_CHANGE", "Change of VAT / tax registration data.", {"change_type": "change"}),
    ("VENDOR_BLOCK", "Request to block / deactivate a vendor.", {"change_type": "block"}),
    ("ONE_TIME_VENDOR", "One-time vendor data for a single transaction.", {"change_type": "create", "one_time": True}),
    ("VENDOR_CERTIFICATE", "Vendor self-declaration or certificate (W-9, tax residency, quality).", {"change_type": "change"}),
]

_CUSTOMER_MASTER: list[_S] = [
    ("NEW_CUSTOMER", "Customer account application / new customer form.", {"change_type": "create", "bp_role": "FLCU00"}),
    ("CREDIT_APPLICATION", "Credit application / credit limit request.", {"change_type": "change", "credit": True}),
    ("ADDRESS_CHANGE", "Change of the customer's address or contact data.", {"change_type": "change"}),
    ("BANK_DETAILS_CHANGE", "Change of the customer's bank / direct-debit mandate data.", {"change_type": "change", "sensitive": True}),
    ("TAX_EXEMPTION", "Tax exemption certificate of a customer.", {"change_type": "change"}),
    ("CUSTOMER_BLOCK", "Request to block a customer.", {"change_type": "block"}),
]

_MATERIAL_MASTER: list[_S] = [
    ("RAW_MATERIAL", "Raw material (ROH) creation request.", {"material_type": "ROH"}),
    ("FINISHED_GOOD", "Finished product (FERT) creation request.", {"material_type": "FERT"}),
    ("SEMI_FINISHED", "Semi-finished product (HALB) creation request.", {"material_type": "HALB"}),
    ("TRADING_GOOD", "Trading goods (HAWA) creation request.", {"material_type": "HAWA"}),
    ("SPARE_PART", "Spare part (ERSA) creation request.", {"material_type": "ERSA"}),
    ("SERVICE_MATERIAL", "Service material (DIEN).", {"material_type": "DIEN"}),
    ("PACKAGING", "Packaging material (VERP).", {"material_type": "VERP"}),
    ("NON_STOCK", "Non-stock material (NLAG).", {"material_type": "NLAG"}),
    ("MATERIAL_CHANGE", "Change of an existing material master.", {"change_type": "change"}),
    ("MATERIAL_EXTENSION", "Extension of a material to new plants / storage locations.", {"change_type": "extend"}),
]

_PAYMENT_ADVICE: list[_S] = [
    ("REMITTANCE_ADVICE", "Customer's remittance advice listing invoices paid.", {"direction": "incoming"}),
    ("PAYMENT_NOTIFICATION", "Notification of an outgoing payment to a supplier.", {"direction": "outgoing"}),
    ("BANK_TRANSFER_CONFIRMATION", "Bank's confirmation of an executed transfer.", {"direction": "incoming"}),
    ("DIRECT_DEBIT_NOTICE", "Pre-notification of a SEPA direct debit.", {"direction": "incoming"}),
    ("CHECK_PAYMENT", "Cheque payment advice / cheque stub.", {"direction": "either"}),
    ("PAYMENT_REMINDER", "Dunning letter / payment reminder listing overdue items.", {"direction": "incoming", "dunning": True}),
    ("ACCOUNT_STATEMENT", "Statement of account listing open and cleared items.", {"direction": "incoming"}),
]

_DELIVERY_NOTE: list[_S] = [
    ("STANDARD_DELIVERY", "Delivery note for a standard shipment against a PO.", {}),
    ("PARTIAL_DELIVERY", "Partial delivery: part of the ordered quantity.", {"partial": True}),
    ("PACKING_LIST", "Packing list with packages, weights and dimensions.", {"packing": True}),
    ("DISPATCH_ADVICE", "Advance shipping notification (ASN / dispatch advice).", {"advance_notice": True}),
    ("RETURN_DELIVERY", "Delivery note for goods returned.", {"returns": True}),
    ("CONSIGNMENT_DELIVERY", "Delivery into consignment stock.", {"special_stock": "K"}),
    ("DROP_SHIPMENT", "Drop-shipment delivery directly to the end customer.", {"third_party": True}),
    ("BILL_OF_LADING", "Bill of lading / consignment note (CMR) of a carrier.", {"transport_document": True}),
]

_CREDIT_MEMO: list[_S] = [
    ("SUPPLIER_CREDIT_MEMO", "Credit memo received from a supplier.", {"credit_memo": True, "direction": "incoming"}),
    ("CUSTOMER_CREDIT_MEMO", "Credit memo issued to a customer (G2).", {"credit_memo": True, "direction": "outgoing", "sap_document_type": "G2"}),
    ("PRICE_ADJUSTMENT", "Credit for a price correction on an earlier invoice.", {"credit_memo": True, "subsequent_credit": True}),
    ("RETURN_CREDIT", "Credit for goods returned.", {"credit_memo": True, "returns": True}),
    ("REBATE_CREDIT", "Volume rebate / bonus settlement credit.", {"credit_memo": True}),
    ("DAMAGE_CREDIT", "Credit for damaged or defective goods.", {"credit_memo": True}),
    ("CANCELLATION_CREDIT", "Credit note cancelling an invoice in full.", {"credit_memo": True, "cancellation": True}),
    ("QUANTITY_ADJUSTMENT", "Credit for a quantity difference (short delivery).", {"credit_memo": True}),
    ("OVERPAYMENT_CREDIT", "Credit for an overpayment or double payment.", {"credit_memo": True}),
]

_UNKNOWN: list[_S] = [
    ("LETTER", "A business letter or correspondence without a transaction.", {}),
    ("NEWSLETTER", "Marketing newsletter or advertisement.", {}),
    ("PRICE_LIST", "A price list or catalogue page (not an order or invoice).", {}),
    ("FORM", "A form that is not a business transaction (registration, survey).", {}),
    ("QUOTATION", "A quotation / offer (not posted as a transaction here).", {}),
    ("CONTRACT_TEXT", "Terms and conditions or contract text.", {}),
    ("OTHER", "Anything else.", {}),
]

_SUBTYPE_TABLE: dict[str, list[_S]] = {
    "PURCHASE_ORDER": _PURCHASE_ORDER,
    "SUPPLIER_INVOICE": _SUPPLIER_INVOICE,
    "SALES_ORDER": _SALES_ORDER,
    "CUSTOMER_INVOICE": _CUSTOMER_INVOICE,
    "GOODS_RECEIPT": _GOODS_RECEIPT,
    "GOODS_ISSUE": _GOODS_ISSUE,
    "JOURNAL_ENTRY": _JOURNAL_ENTRY,
    "PRODUCT_MASTER": _PRODUCT_MASTER,
    "VENDOR_MASTER": _VENDOR_MASTER,
    "CUSTOMER_MASTER": _CUSTOMER_MASTER,
    "MATERIAL_MASTER": _MATERIAL_MASTER,
    "PAYMENT_ADVICE": _PAYMENT_ADVICE,
    "DELIVERY_NOTE": _DELIVERY_NOTE,
    "CREDIT_MEMO": _CREDIT_MEMO,
    "UNKNOWN": _UNKNOWN,
}

#: The 15 document types, in CONTRACT.md order.
DOCUMENT_TYPES: tuple[str, ...] = tuple(t.name for t in _TYPES)

#: Type name -> DocumentTypeInfo.
TYPE_INFO: Mapping[str, DocumentTypeInfo] = MappingProxyType({t.name: t for t in _TYPES})

#: Type name -> {subtype name -> SubtypeInfo}, insertion-ordered (the first is the type's default).
SUBTYPES: Mapping[str, Mapping[str, SubtypeInfo]] = MappingProxyType({
    doc_type: MappingProxyType({
        name: SubtypeInfo(doc_type, name, description, MappingProxyType(dict(attrs)))
        for name, description, attrs in rows
    })
    for doc_type, rows in _SUBTYPE_TABLE.items()
})

#: The default subtype of each type (the first listed).
DEFAULT_SUBTYPE: Mapping[str, str] = MappingProxyType({t: next(iter(s)) for t, s in SUBTYPES.items()})


def is_document_type(name: str) -> bool:
    return name in TYPE_INFO


def subtype_info(doc_type: str, subtype: str) -> SubtypeInfo:
    """The SubtypeInfo for a type/subtype pair; ``KeyError`` with a clear message when unknown."""
    if doc_type not in SUBTYPES:
        raise KeyError(f"unknown document type {doc_type!r}; known: {', '.join(DOCUMENT_TYPES)}")
    try:
        return SUBTYPES[doc_type][subtype]
    except KeyError:
        raise KeyError(
            f"unknown subtype {subtype!r} for {doc_type}; known: {', '.join(SUBTYPES[doc_type])}"
        ) from None
