package models

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"gorm.io/gorm"
)

// PublicStatus is what a status link shows a customer: an allowlist built
// field by field from the order, never a copy of an internal DTO, so that a
// new internal field cannot leak. No price, note, comment, factory, factory
// user or rejected sample is read here. A section the link does not show is
// absent from the JSON.
type PublicStatus struct {
	Language      string          `json:"language"`
	PONumber      string          `json:"po_number"`
	StyleNo       string          `json:"style_no"`
	StyleName     string          `json:"style_name"`
	Customer      string          `json:"customer"`
	TotalQuantity int             `json:"total_quantity"`
	Unit          string          `json:"unit"`
	ExFactoryDate string          `json:"ex_factory_date"`
	Status        string          `json:"status"`
	UpdatedAt     time.Time       `json:"updated_at"`
	ExpiresAt     time.Time       `json:"expires_at"`
	Contact       PublicContact   `json:"contact"`
	Progress      *[]PublicStep   `json:"progress,omitempty"`
	Samples       *[]PublicSample `json:"samples,omitempty"`
	// Inspection is the final inspection, JSON null while there is none,
	// absent when the link does not show inspections.
	Inspection json.RawMessage   `json:"inspection,omitempty"`
	Shipments  *[]PublicShipment `json:"shipments,omitempty"`
}

// PublicContact is the merchandiser as the link chose to show them.
type PublicContact struct {
	Name  string  `json:"name"`
	Email *string `json:"email"`
	Phone *string `json:"phone"`
}

// PublicStep is one milestone of the plan.
type PublicStep struct {
	Code        string  `json:"code"`
	Name        string  `json:"name"`
	PlannedDate string  `json:"planned_date"`
	ActualDate  *string `json:"actual_date"`
	Percent     int     `json:"percent"`
	State       string  `json:"state"`
}

// PublicSample is one approved sample round.
type PublicSample struct {
	Type       string        `json:"type"`
	TypeName   string        `json:"type_name"`
	Round      int           `json:"round"`
	ApprovedOn string        `json:"approved_on"`
	Photos     []PublicPhoto `json:"photos"`
	// PhotoIDs are turned into token-scoped URLs by the HTTP layer.
	PhotoIDs []int64 `json:"-"`
}

// PublicPhoto is a photo's URLs under the link's token.
type PublicPhoto struct {
	Thumb   string `json:"thumb"`
	Preview string `json:"preview"`
}

// PublicInspection is the final inspection's outcome.
type PublicInspection struct {
	Type   string `json:"type"`
	Result string `json:"result"`
	Date   string `json:"date"`
}

// PublicShipment is one shipped delivery.
type PublicShipment struct {
	ShippedDate  string  `json:"shipped_date"`
	Quantity     int     `json:"quantity"`
	Carrier      string  `json:"carrier"`
	TrackingNo   string  `json:"tracking_no"`
	ReceivedDate *string `json:"received_date"`
}

// Customer words for an order's state.
const (
	PublicOnTrack        = "on_track"
	PublicNeedsAttention = "needs_attention"
	PublicDelayed        = "delayed"
	PublicCompleted      = "completed"
	PublicCancelled      = "cancelled"
)

// publicState says an order's state in customer words: the risk level
// without its reasons.
func publicState(status, riskLevel string) string {
	switch status {
	case StatusCancelled:
		return PublicCancelled
	case StatusShipped, StatusClosed:
		return PublicCompleted
	}
	switch riskLevel {
	case "at_risk":
		return PublicNeedsAttention
	case "late":
		return PublicDelayed
	case "done":
		return PublicCompleted
	}
	return PublicOnTrack
}

// PublicStatusOf builds the customer's view of a link's order in lang
// ("zh-CN" or "en").
func (s *Store) PublicStatusOf(ctx context.Context, l *StatusLink, lang string) (*PublicStatus, error) {
	db := s.conn(ctx)
	var o struct {
		PONumber, StyleNo, StyleName, Unit, ExFactoryDate, Status, RiskLevel string
		TotalQuantity                                                        int
		UpdatedAt                                                            time.Time
		Customer, MerchName, MerchEmail                                      string
		MerchPhone                                                           *string
	}
	err := db.Table("orders").Select(`orders.po_number, orders.style_no, orders.style_name, orders.unit,
		orders.ex_factory_date, orders.status, orders.risk_level, orders.total_quantity, orders.updated_at,
		customers.name AS customer, users.name AS merch_name, users.email AS merch_email, users.phone AS merch_phone`).
		Joins("JOIN customers ON customers.id = orders.customer_id").
		Joins("JOIN users ON users.id = orders.merchandiser_id").
		Where("orders.id = ?", l.OrderID).Take(&o).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	v := &PublicStatus{Language: l.Language, PONumber: o.PONumber, StyleNo: o.StyleNo, StyleName: o.StyleName,
		Customer: o.Customer, TotalQuantity: o.TotalQuantity, Unit: o.Unit, ExFactoryDate: o.ExFactoryDate,
		Status: publicState(o.Status, o.RiskLevel), UpdatedAt: o.UpdatedAt, ExpiresAt: l.ExpiresAt,
		Contact: PublicContact{Name: o.MerchName}}
	if l.ShowEmail && o.MerchEmail != "" {
		v.Contact.Email = &o.MerchEmail
	}
	if l.ShowPhone && o.MerchPhone != nil && *o.MerchPhone != "" {
		v.Contact.Phone = o.MerchPhone
	}
	later := func(t time.Time) {
		if t.After(v.UpdatedAt) {
			v.UpdatedAt = t
		}
	}
	if l.Shows(SectionProgress) {
		var ms []Milestone
		if err := db.Where("order_id = ?", l.OrderID).Order("position, id").Find(&ms).Error; err != nil {
			return nil, err
		}
		steps := make([]PublicStep, 0, len(ms))
		for i := range ms {
			steps = append(steps, publicStep(&ms[i], o.TotalQuantity, lang))
			later(ms[i].UpdatedAt)
		}
		v.Progress = &steps
	}
	if l.Shows(SectionSamples) {
		samples, last, err := s.publicSamples(db, l.OrderID, lang)
		if err != nil {
			return nil, err
		}
		later(last)
		v.Samples = &samples
	}
	if l.Shows(SectionInspections) {
		insp, last, err := publicFinalInspection(db, l.OrderID)
		if err != nil {
			return nil, err
		}
		later(last)
		v.Inspection = json.RawMessage("null")
		if insp != nil {
			v.Inspection = mustJSONRaw(insp)
		}
	}
	if l.Shows(SectionShipments) {
		ships, last, err := publicShipments(db, l.OrderID)
		if err != nil {
			return nil, err
		}
		later(last)
		v.Shipments = &ships
	}
	v.UpdatedAt = v.UpdatedAt.UTC()
	return v, nil
}

func mustJSONRaw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs always marshal
	}
	return b
}

func publicStep(m *Milestone, total int, lang string) PublicStep {
	st := PublicStep{Code: m.Code, Name: m.Name, PlannedDate: m.PlannedDate, ActualDate: m.ActualDate}
	if lang == "en" && m.NameEn != "" {
		st.Name = m.NameEn
	}
	switch m.Status {
	case MilestoneDone:
		st.State, st.Percent = "done", 100
	case MilestoneCancelled, MilestoneNotApplicable:
		st.State, st.ActualDate = "skipped", nil
	default:
		st.State = "not_started"
		if m.QuantityKind != "" && total > 0 {
			st.Percent = min(99, m.QuantityDone*100/total)
		}
		if m.Status == MilestoneInProgress || m.QuantityDone > 0 {
			st.State = "in_progress"
		}
	}
	return st
}

// publicSamples are the approved rounds (approved with comments too: the
// comments stay inside) with their photos. Rejected and pending rounds are
// never read.
func (s *Store) publicSamples(db *gorm.DB, orderID int64, lang string) ([]PublicSample, time.Time, error) {
	var rounds []struct {
		ID                       int64
		SampleType, Name, NameEn string
		RoundNo                  int
		DecidedAt                *time.Time
	}
	err := db.Table("sample_rounds").
		Select("sample_rounds.id, sample_rounds.sample_type, sample_types.name, sample_types.name_en, sample_rounds.round_no, sample_rounds.decided_at").
		Joins("LEFT JOIN sample_types ON sample_types.code = sample_rounds.sample_type").
		Where("sample_rounds.order_id = ? AND sample_rounds.status IN ?", orderID,
			[]string{SampleApproved, SampleApprovedWithComments}).
		Order("sample_rounds.decided_at, sample_rounds.id").Find(&rounds).Error
	if err != nil {
		return nil, time.Time{}, err
	}
	out := make([]PublicSample, 0, len(rounds))
	var last time.Time
	ids := make([]int64, 0, len(rounds))
	for _, r := range rounds {
		ps := PublicSample{Type: r.SampleType, TypeName: r.Name, Round: r.RoundNo, Photos: []PublicPhoto{}}
		if lang == "en" && r.NameEn != "" {
			ps.TypeName = r.NameEn
		}
		if ps.TypeName == "" {
			ps.TypeName = r.SampleType
		}
		if r.DecidedAt != nil {
			ps.ApprovedOn = r.DecidedAt.UTC().Format(time.DateOnly)
			if r.DecidedAt.After(last) {
				last = *r.DecidedAt
			}
		}
		out = append(out, ps)
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return out, last, nil
	}
	var photos []struct{ ID, OwnerID int64 }
	err = db.Table("photos").Select("id, owner_id").
		Where("owner_kind = ? AND owner_id IN ?", sampleRoundPhotoKind, ids).Order("id").Find(&photos).Error
	if err != nil {
		return nil, last, err
	}
	for _, p := range photos {
		if i := slices.Index(ids, p.OwnerID); i >= 0 {
			out[i].PhotoIDs = append(out[i].PhotoIDs, p.ID)
		}
	}
	return out, last, nil
}

// publicFinalInspection is the latest completed final inspection, or
// re-inspection of one (a chain of re-inspections leads back to its FRI).
func publicFinalInspection(db *gorm.DB, orderID int64) (*PublicInspection, time.Time, error) {
	var all []Inspection
	err := db.Select("id, type, status, date, result, reinspection_of, updated_at").
		Where("order_id = ?", orderID).Order("date DESC, id DESC").Find(&all).Error
	if err != nil {
		return nil, time.Time{}, err
	}
	byID := make(map[int64]*Inspection, len(all))
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	rootType := func(in *Inspection) string {
		for hops := 0; in.Type == InspReinspection && in.ReinspectionOf != nil && hops < len(all); hops++ {
			parent, ok := byID[*in.ReinspectionOf]
			if !ok {
				break
			}
			in = parent
		}
		return in.Type
	}
	for i := range all {
		in := &all[i]
		if in.Status != InspCompleted || rootType(in) != InspFRI {
			continue
		}
		kind := "final"
		if in.Type == InspReinspection {
			kind = "final_reinspection"
		}
		return &PublicInspection{Type: kind, Result: in.Result, Date: in.Date}, in.UpdatedAt, nil
	}
	return nil, time.Time{}, nil
}

// publicShipments are the deliveries that left the factory.
func publicShipments(db *gorm.DB, orderID int64) ([]PublicShipment, time.Time, error) {
	var ds []Delivery
	err := db.Select("id, shipped_date, shipped_quantity, carrier, tracking_no, received_date, shipped_at, received_at").
		Where("order_id = ? AND status IN ?", orderID, []string{DelivShipped, DelivReceived}).
		Order("shipped_date, id").Find(&ds).Error
	if err != nil {
		return nil, time.Time{}, err
	}
	out := make([]PublicShipment, 0, len(ds))
	var last time.Time
	for _, d := range ds {
		ps := PublicShipment{ShippedDate: d.ShippedDate, Quantity: d.ShippedQuantity, Carrier: d.Carrier, TrackingNo: d.TrackingNo}
		if d.ReceivedDate != "" {
			rd := d.ReceivedDate
			ps.ReceivedDate = &rd
		}
		for _, t := range []*time.Time{d.ShippedAt, d.ReceivedAt} {
			if t != nil && t.After(last) {
				last = *t
			}
		}
		out = append(out, ps)
	}
	return out, last, nil
}

// PublicPhotoOf checks that a photo belongs to an approved sample round of
// the link's order (the only photos a link shows) and returns it.
func (s *Store) PublicPhotoOf(ctx context.Context, l *StatusLink, photoID int64) (*Photo, error) {
	if !l.Shows(SectionSamples) {
		return nil, ErrNotFound
	}
	var ph Photo
	err := s.conn(ctx).Table("photos").Select("photos.*").
		Joins("JOIN sample_rounds ON sample_rounds.id = photos.owner_id AND photos.owner_kind = ?", sampleRoundPhotoKind).
		Where("photos.id = ? AND sample_rounds.order_id = ? AND sample_rounds.status IN ?", photoID, l.OrderID,
			[]string{SampleApproved, SampleApprovedWithComments}).Take(&ph).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &ph, err
}
