package models

import "time"

// After-sales (售后, issue 18, docs/AFTERSALES.md): a customer's complaint
// about an order's goods, the corrective action that keeps the defect from
// coming back, what the complaint is resolved with, and the order's final
// invoice and payments, up to closing the order.

// Complaint statuses and actions.
const (
	ComplaintOpen          = "open"
	ComplaintInvestigating = "investigating"
	ComplaintAgreed        = "resolution_agreed"
	ComplaintClosed        = "closed"

	// ComplaintAnswer is the factory's answer (its side of the story).
	ComplaintAnswer Action = "answer"
	// ComplaintInvestigate starts the investigation (staff).
	ComplaintInvestigate Action = "investigate"
	// ComplaintResolve adds a resolution (staff).
	ComplaintResolve Action = "resolve"
	// ComplaintAgree records that the customer agreed the resolutions.
	ComplaintAgree Action = "agree"
	// ComplaintClose closes it once its resolutions are done.
	ComplaintClose Action = "close"
)

// ComplaintStatuses and ComplaintActions list them (for the table test).
var (
	ComplaintStatuses = []string{ComplaintOpen, ComplaintInvestigating, ComplaintAgreed, ComplaintClosed}
	ComplaintActions  = []Action{ComplaintAnswer, ComplaintInvestigate, ComplaintResolve, ComplaintAgree, ComplaintClose}
)

// complaintTransitions: an open complaint is answered by the factory and
// investigated; resolutions are added while it is investigated; the
// customer agrees them; it closes when they are done (a rule of the store
// besides the table); a closed complaint takes nothing.
var complaintTransitions = Transitions{
	ComplaintOpen:          {ComplaintAnswer: ComplaintOpen, ComplaintInvestigate: ComplaintInvestigating},
	ComplaintInvestigating: {ComplaintAnswer: ComplaintInvestigating, ComplaintResolve: ComplaintInvestigating, ComplaintAgree: ComplaintAgreed},
	ComplaintAgreed:        {ComplaintResolve: ComplaintAgreed, ComplaintClose: ComplaintClosed},
	ComplaintClosed:        {},
}

// ComplaintCan reports whether a complaint in status allows a.
func ComplaintCan(status string, a Action) bool { return complaintTransitions.Can(status, a) }

func complaintStep(from string, a Action) (string, error) {
	if to, ok := complaintTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("complaint_not_open", "status", from, "action", string(a))
}

// Complaint channels, severities and the customer's requests.
var (
	ComplaintChannels   = []string{"email", "phone", "chat", "visit", "other"}
	ComplaintSeverities = []string{"minor", "major", "critical"}
	CustomerRequests    = []string{"replace", "repair", "discount", "return", "information"}
)

// Complaint is a customer's complaint about an order's goods, optionally
// one delivery's and some colour × size lines (Lines, JSON []LineQty).
// CustomerContact is staff's only; the factory writes FactoryAnswer.
type Complaint struct {
	ID              int64 `gorm:"primaryKey"`
	OrderID         int64
	SupplierID      int64
	DeliveryID      *int64
	ReceivedDate    string
	Channel         string
	Description     string
	Lines           string
	AffectedQty     int
	Severity        string
	CustomerRequest string
	CustomerContact string
	Status          string
	FactoryAnswer   string
	AnsweredBy      *int64
	AnsweredAt      *time.Time
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	ClosedAt        *time.Time
}

// CAPA statuses and actions.
const (
	CAPAOpen     = "open"
	CAPADone     = "done"
	CAPAVerified = "verified"

	// CAPAEdit is writing its root cause and actions (the factory; staff too).
	CAPAEdit Action = "edit"
	// CAPAComplete is the factory saying the actions are done.
	CAPAComplete Action = "complete"
	// CAPAVerify is staff checking the evidence and accepting it.
	CAPAVerify Action = "verify"
	// CAPAReopen is staff sending it back.
	CAPAReopen Action = "reopen"
)

// CAPAStatuses and CAPAActions list them (for the table test).
var (
	CAPAStatuses = []string{CAPAOpen, CAPADone, CAPAVerified}
	CAPAActions  = []Action{CAPAEdit, CAPAComplete, CAPAVerify, CAPAReopen}
)

// capaTransitions: open is written and completed; done is verified or
// reopened by staff; verified takes nothing.
var capaTransitions = Transitions{
	CAPAOpen:     {CAPAEdit: CAPAOpen, CAPAComplete: CAPADone},
	CAPADone:     {CAPAVerify: CAPAVerified, CAPAReopen: CAPAOpen},
	CAPAVerified: {},
}

// CAPACan reports whether a CAPA in status allows a.
func CAPACan(status string, a Action) bool { return capaTransitions.Can(status, a) }

func capaStep(from string, a Action) (string, error) {
	if to, ok := capaTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("capa_not_open", "status", from, "action", string(a))
}

// What a CAPA is about, and the cause categories of its root cause (the
// 6M of a fishbone, and design).
var (
	CAPASources     = []string{"complaint", "inspection", "sample"}
	CauseCategories = []string{"man", "machine", "material", "method", "measurement", "environment", "design"}
)

// CAPA is a corrective and preventive action (8D-lite) of one complaint,
// failed inspection or rejected sample (SourceKind, SourceID: unique).
type CAPA struct {
	ID               int64 `gorm:"primaryKey"`
	OrderID          int64
	SupplierID       int64
	SourceKind       string
	SourceID         int64
	Problem          string
	Containment      string
	RootCause        string
	CauseCategory    string
	CorrectiveAction string
	PreventiveAction string
	Owner            string
	DueDate          string
	Status           string
	DoneBy           *int64
	DoneAt           *time.Time
	VerifiedBy       *int64
	VerifiedAt       *time.Time
	VerifyNote       string
	CreatedBy        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// TableName: "capas".
func (CAPA) TableName() string { return "capas" }

// Resolution kinds, who bears the cost, statuses and actions.
const (
	ResolveConcession   = "concession"
	ResolveRework       = "rework"
	ResolveReproduction = "reproduction"
	ResolveDiscount     = "discount"
	ResolveReturn       = "return"

	ResolutionOpen      = "open"
	ResolutionDone      = "done"
	ResolutionCancelled = "cancelled"

	// ResolutionProgress records a step of its path (reworked quantity, a
	// return shipped or received, the re-inspection and re-delivery).
	ResolutionProgress Action = "progress"
	// ResolutionAcknowledge is the factory accepting a chargeback.
	ResolutionAcknowledge Action = "acknowledge"
	// ResolutionComplete marks it done.
	ResolutionComplete Action = "complete"
	// ResolutionCancel withdraws it.
	ResolutionCancel Action = "cancel"
)

// Resolution lists (for validation and the table test).
var (
	ResolutionKinds    = []string{ResolveConcession, ResolveRework, ResolveReproduction, ResolveDiscount, ResolveReturn}
	CostBearers        = []string{"factory", "buyer", "shared"}
	ResolutionStatuses = []string{ResolutionOpen, ResolutionDone, ResolutionCancelled}
	ResolutionActions  = []Action{ResolutionProgress, ResolutionAcknowledge, ResolutionComplete, ResolutionCancel}
)

// resolutionTransitions: an open resolution moves along its path, has its
// chargeback acknowledged, is completed or cancelled; done and cancelled
// take nothing.
var resolutionTransitions = Transitions{
	ResolutionOpen: {ResolutionProgress: ResolutionOpen, ResolutionAcknowledge: ResolutionOpen, ResolutionComplete: ResolutionDone,
		ResolutionCancel: ResolutionCancelled},
	ResolutionDone:      {},
	ResolutionCancelled: {},
}

// ResolutionCan reports whether a resolution in status allows a.
func ResolutionCan(status string, a Action) bool { return resolutionTransitions.Can(status, a) }

func resolutionStep(from string, a Action) (string, error) {
	if to, ok := resolutionTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("resolution_not_open", "status", from, "action", string(a))
}

// Resolution is one way a complaint is resolved, with its quantity and who
// bears the cost. Discount fields are staff's only, except the agreed
// ChargebackAmount, which the factory sees and acknowledges. A rework
// links its re-inspection and re-delivery, a re-production its
// replacement order, a return its shipment dates and what follows it
// (ThenKind).
type Resolution struct {
	ID                 int64 `gorm:"primaryKey"`
	ComplaintID        int64
	OrderID            int64
	SupplierID         int64
	Kind               string
	Status             string
	Quantity           int
	CostBearer         string
	Note               string
	DueDate            string
	DiscountAmount     string
	DiscountPct        string
	ChargebackAmount   string
	ChargebackAckBy    *int64
	ChargebackAckAt    *time.Time
	ReplacementOrderID *int64
	InspectionID       *int64
	DeliveryID         *int64
	ReworkedQty        int
	ReturnShippedDate  string
	ReturnReceivedDate string
	ThenKind           string
	CreatedBy          int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
	DoneAt             *time.Time
}

// Invoice is an order's final invoice (staff only; amounts in hundredths).
type Invoice struct {
	ID          int64 `gorm:"primaryKey"`
	OrderID     int64
	Number      string
	InvoiceDate string
	AmountE2    int64 `gorm:"column:amount_e2"`
	Currency    string
	DueDate     string
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Payment is money received against an invoice (partial allowed).
type Payment struct {
	ID        int64 `gorm:"primaryKey"`
	OrderID   int64
	InvoiceID int64
	PaidDate  string
	AmountE2  int64 `gorm:"column:amount_e2"`
	Reference string
	CreatedBy int64
	CreatedAt time.Time
}

// Order closing: a shipped order closes once its after-sales are resolved
// and its invoice is paid (the rules: models/closing.go).
const OrderClose Action = "close"

// Activity and notification kinds of after-sales.
const (
	ActComplaintReceived = "complaint_received"
	ActComplaintAnswered = "complaint_answered"
	ActComplaintChanged  = "complaint_status_changed"
	ActCAPAChanged       = "capa_changed"
	ActResolutionAdded   = "resolution_added"
	ActResolutionChanged = "resolution_changed"
	ActChargebackAcked   = "chargeback_acknowledged"
	ActInvoiceRecorded   = "invoice_recorded"
	ActPaymentRecorded   = "payment_recorded"
	ActOrderClosed       = "order_closed"

	NotifyComplaintReceived = "complaint_received"
	NotifyComplaintAnswered = "complaint_answered"
	NotifyCAPADue           = "capa_changed"
	NotifyResolutionAdded   = "resolution_added"
	NotifyChargebackAcked   = "chargeback_acknowledged"
)
