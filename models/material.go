package models

import "time"

// Material follow-up (物料采购跟单, issue 17, docs/MATERIALS.md): what an order
// needs of each material, the purchase orders that buy it, what arrives and
// how it inspects, and whether cutting can start. Quantities are integers
// in hundredths (…E2), consumption per piece in ten-thousandths (…E4): the
// API writes them as decimal strings and sums are exact in SQL.

// Order sourcing: who buys the materials.
const (
	// SourcingFOB is 包工包料: the factory buys the materials (the default).
	SourcingFOB = "fob"
	// SourcingCMT is 来料加工 (加工单): the buyer supplies them.
	SourcingCMT = "cmt"
)

// Sourcings lists the order sourcing kinds.
var Sourcings = []string{SourcingFOB, SourcingCMT}

// Who sources a material (MaterialLine.SourcedBy) and who manages its PO
// (MaterialPO.SourcedBy): the factory's users manage the factory's; staff
// the buyer's and a nominated supplier's.
const (
	SourcedFactory   = "factory"
	SourcedBuyer     = "buyer"
	SourcedNominated = "nominated"
)

// SourcedBys lists who may source a material.
var SourcedBys = []string{SourcedFactory, SourcedBuyer, SourcedNominated}

// Material categories.
var MaterialCategories = []string{"fabric", "lining", "trim", "packaging"}

// MaterialBufferDays is how many calendar days before the cutting step a
// material is needed by default.
const MaterialBufferDays = 3

// MaterialDelayReasons are the reason codes of a PO date change: the
// seed's three causes — the supplier (capacity, technology, quality), our
// own side (specification, price, follow-up), and communication.
var MaterialDelayReasons = []string{"supplier_capacity", "supplier_technology", "supplier_quality",
	"our_specification", "our_price", "our_follow_up", "communication"}

// MaterialSupplier is master data: a mill or trim supplier materials are
// bought from (not a factory).
type MaterialSupplier struct {
	ID           int64 `gorm:"primaryKey"`
	Code         string
	Name         string
	NameEn       string
	ContactName  string
	ContactPhone string
	ContactEmail string
	Address      string
	Active       bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// MaterialLine is one material an order needs (a line of its 物料需求单).
// Colour is the garment colour it is for ("" = every colour); RequiredE2
// is computed from the order's quantities (consumption × pieces × (1 +
// wastage)), PreviousRequiredE2 the figure before the last revision
// changed it.
type MaterialLine struct {
	ID                  int64 `gorm:"primaryKey"`
	OrderID             int64
	SupplierID          int64
	Position            int
	Category            string
	Name                string
	Spec                string
	Colour              string
	MaterialColour      string
	Unit                string
	ConsumptionE4       int64  `gorm:"column:consumption_e4"`
	WastageE2           int    `gorm:"column:wastage_e2"`
	RequiredE2          int64  `gorm:"column:required_e2"`
	PreviousRequiredE2  *int64 `gorm:"column:previous_required_e2"`
	NeededBy            string
	NeededByAuto        bool
	SourcedBy           string
	NominatedSupplierID *int64
	Note                string
	CreatedBy           int64
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Material PO statuses.
const (
	MPODraft             = "draft"
	MPOSent              = "sent"
	MPOConfirmed         = "confirmed"
	MPOShipped           = "shipped"
	MPOPartiallyReceived = "partially_received"
	MPOReceived          = "received"
	MPOCancelled         = "cancelled"
)

// MaterialPOStatuses lists every material PO status.
var MaterialPOStatuses = []string{MPODraft, MPOSent, MPOConfirmed, MPOShipped, MPOPartiallyReceived, MPOReceived, MPOCancelled}

// Material PO actions.
const (
	MPOEdit       Action = "edit"
	MPOSend       Action = "send"
	MPOConfirm    Action = "confirm"
	MPOReschedule Action = "reschedule"
	MPOShip       Action = "ship"
	MPOReceive    Action = "receive"
	MPOCancel     Action = "cancel"
)

// MaterialPOActions lists every material PO action (for the table test).
var MaterialPOActions = []Action{MPOEdit, MPOSend, MPOConfirm, MPOReschedule, MPOShip, MPOReceive, MPOCancel}

// materialPOTransitions: a draft is edited, sent or cancelled; the supplier
// confirms a sent PO; dates move until it ships; goods are received from a
// confirmed PO (handed over without a shipment) or a shipped one, partly or
// in full (the status receive leads to is decided by the quantities, like
// an order's ship); a received or cancelled PO takes nothing.
var materialPOTransitions = Transitions{
	MPODraft:             {MPOEdit: MPODraft, MPOSend: MPOSent, MPOCancel: MPOCancelled},
	MPOSent:              {MPOConfirm: MPOConfirmed, MPOReschedule: MPOSent, MPOCancel: MPOCancelled},
	MPOConfirmed:         {MPOReschedule: MPOConfirmed, MPOShip: MPOShipped, MPOReceive: MPOPartiallyReceived, MPOCancel: MPOCancelled},
	MPOShipped:           {MPOReschedule: MPOShipped, MPOReceive: MPOPartiallyReceived},
	MPOPartiallyReceived: {MPOReceive: MPOPartiallyReceived},
	MPOReceived:          {},
	MPOCancelled:         {},
}

// MaterialPOCan reports whether a material PO in status allows a.
func MaterialPOCan(status string, a Action) bool { return materialPOTransitions.Can(status, a) }

// materialPOStep checks a against a material PO's status.
func materialPOStep(from string, a Action) (string, error) {
	if to, ok := materialPOTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("material_po_not_open", "status", from, "action", string(a))
}

// MaterialPO is a purchase order of materials to a material supplier.
// SupplierID is the order's factory; SourcedBy says which side manages it.
// BaselineDate is the first promised ship date, kept.
type MaterialPO struct {
	ID                 int64 `gorm:"primaryKey"`
	OrderID            int64
	SupplierID         int64
	MaterialSupplierID int64
	PONumber           string `gorm:"column:po_number"`
	SourcedBy          string
	Status             string
	Currency           string
	OrderedDate        string
	PromisedDate       string
	BaselineDate       string
	ETA                string `gorm:"column:eta"`
	ShippedDate        string
	Carrier            string
	Tracking           string
	DeliverTo          string
	Note               string
	CancelReason       string
	CreatedBy          int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// TableName: "material_pos", not GORM's "material_p_os".
func (MaterialPO) TableName() string { return "material_pos" }

// MaterialPOLine is what a PO orders of one requirement line. UnitPrice is
// a decimal string ("" = none); staff see it, and a factory only on the POs
// it manages itself.
type MaterialPOLine struct {
	ID         int64 `gorm:"primaryKey"`
	POID       int64 `gorm:"column:po_id"`
	LineID     int64
	QuantityE2 int64 `gorm:"column:quantity_e2"`
	UnitPrice  string
	ReceivedE2 int64 `gorm:"column:received_e2"`
	AcceptedE2 int64 `gorm:"column:accepted_e2"`
}

// TableName: "material_po_lines".
func (MaterialPOLine) TableName() string { return "material_po_lines" }

// MaterialPOChange is one change of a PO's promised ship date or ETA.
type MaterialPOChange struct {
	ID         int64 `gorm:"primaryKey"`
	POID       int64 `gorm:"column:po_id"`
	SupplierID int64
	Field      string // promised_date | eta
	FromDate   string
	ToDate     string
	ReasonCode string
	Note       string
	CreatedBy  int64
	CreatedAt  time.Time
}

// TableName: "material_po_changes".
func (MaterialPOChange) TableName() string { return "material_po_changes" }

// Receipt handling (处理接受问题).
const (
	HandlingAccepted    = "accepted"
	HandlingReturned    = "returned"
	HandlingReplacement = "replacement_ordered"
)

// ReceiptHandlings lists what can be done with received goods.
var ReceiptHandlings = []string{HandlingAccepted, HandlingReturned, HandlingReplacement}

// MaterialReceipt is goods of a PO line received into a warehouse (物料进仓).
type MaterialReceipt struct {
	ID           int64 `gorm:"primaryKey"`
	POID         int64 `gorm:"column:po_id"`
	POLineID     int64 `gorm:"column:po_line_id"`
	SupplierID   int64
	ReceivedDate string
	QuantityE2   int64 `gorm:"column:quantity_e2"`
	Warehouse    string
	Location     string
	Handling     string
	Note         string
	ReceivedBy   int64
	CreatedAt    time.Time
}

// Material inspection kinds, results and resolutions.
const (
	MInspFabric = "fabric"
	MInspTrim   = "trim"

	MResultPass        = "pass"
	MResultFail        = "fail"
	MResultConditional = "conditional"

	MResolveReplacement = "replacement"
	MResolveConcession  = "concession"
)

// DefaultFabricPointsMax is the four-point pass threshold (points per 100
// square yards) when the customer sets none.
const DefaultFabricPointsMax = 40

// MaterialInspection is the inspection of a received lot (物料检验): fabric
// by the four-point system over its rolls, trims by an AQL plan.
type MaterialInspection struct {
	ID             int64 `gorm:"primaryKey"`
	POLineID       int64 `gorm:"column:po_line_id"`
	ReceiptID      *int64
	SupplierID     int64
	Kind           string
	Result         string
	Reason         string
	Threshold      int
	PointsPer100E2 int64 `gorm:"column:points_per100_e2"`
	TotalPoints    int
	YardsE2        int64 `gorm:"column:yards_e2"`
	LotSize        int
	Level          string
	AQL            string `gorm:"column:aql"`
	SampleSize     int
	Defects        int
	AcceptNo       int
	RejectNo       int
	Resolution     string
	ResolutionNote string
	InspectedBy    int64
	InspectedDate  string
	CreatedAt      time.Time
}

// MaterialRoll is one roll of a fabric inspection. Defects is JSON:
// [{"yard":1,"length_in":"2.5","hole":false}]; Points is after the cap of
// four per linear yard.
type MaterialRoll struct {
	ID           int64 `gorm:"primaryKey"`
	InspectionID int64
	RollNo       string
	YardsE2      int64 `gorm:"column:yards_e2"`
	WidthE2      int64 `gorm:"column:width_e2"`
	Defects      string
	Points       int
	ShadeOK      bool `gorm:"column:shade_ok"`
	WidthOK      bool `gorm:"column:width_ok"`
	WeightOK     bool `gorm:"column:weight_ok"`
	Note         string
}

// Activity, notification and Today kinds of material follow-up.
const (
	ActMaterialLinesChanged  = "material_lines_changed"
	ActMaterialPOCreated     = "material_po_created"
	ActMaterialPOSent        = "material_po_sent"
	ActMaterialPOConfirmed   = "material_po_confirmed"
	ActMaterialPORescheduled = "material_po_rescheduled"
	ActMaterialPOShipped     = "material_po_shipped"
	ActMaterialReceived      = "material_received"
	ActMaterialInspected     = "material_inspected"
	ActMaterialPOCancelled   = "material_po_cancelled"

	NotifyMaterialETAChanged       = "material_eta_changed"
	NotifyMaterialShipped          = "material_shipped"
	NotifyMaterialInspectionFailed = "material_inspection_failed"
	NotifyMaterialNotReady         = "material_not_ready"
	NotifyMaterialPODue            = "material_po_due"

	TodayMaterialPODue = "material_po_due"
)
