package models

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"gorm.io/gorm"
)

// SampleType is a kind of sample a factory submits for approval (lab dip,
// fit, PP …). The defaults are reference data (refdata.go); admins add more.
type SampleType struct {
	ID       int64 `gorm:"primaryKey"`
	Code     string
	Name     string
	NameEn   string
	Position int
	Active   bool
}

// Sample round statuses.
const (
	SamplePending              = "pending"
	SampleApproved             = "approved"
	SampleApprovedWithComments = "approved_with_comments"
	SampleRejected             = "rejected"
)

// SampleRound is one submission of a sample type for an order, numbered
// 1, 2, 3 … per order and type, with the merchandiser's decision.
type SampleRound struct {
	ID           int64 `gorm:"primaryKey"`
	OrderID      int64
	SampleType   string
	RoundNo      int
	Status       string
	Note         string
	Measurements string
	SubmittedBy  int64
	CreatedAt    time.Time
	DecidedBy    *int64
	DecidedAt    *time.Time
	// DecisionComment is required for approved_with_comments and rejected.
	DecisionComment string
	// Annotations is a JSON array of shapes drawn over the round's photos.
	Annotations string

	// SupplierID is the order's supplier when the round was submitted: a
	// factory sees only its own supplier's rounds (Scope.Owns).
	SupplierID *int64
}

// Activity and notification kinds of the sample loop.
const (
	ActSampleSubmitted      = "sample_submitted"
	ActSampleDecided        = "sample_decided"
	ActMilestoneAutoDone    = "milestone_completed"
	NotifySampleSubmitted   = "sample_submitted"
	NotifySampleDecided     = "sample_decided"
	sampleRoundPhotoKind    = "sample_round"
	maxSampleAnnotations    = 50
	sampleRoundRetryAttempt = 5
)

// SampleRoundPhotoKind is the photo owner kind of a sample round.
const SampleRoundPhotoKind = sampleRoundPhotoKind

// ListSampleTypes returns the sample types in display order.
func (s *Store) ListSampleTypes(ctx context.Context, activeOnly bool) ([]SampleType, error) {
	q := s.conn(ctx).Order("position, id")
	if activeOnly {
		q = q.Where("active = ?", true)
	}
	var rows []SampleType
	err := q.Find(&rows).Error
	return rows, err
}

// CreateSampleType adds a sample type (admin). Without a position it goes last.
func (s *Store) CreateSampleType(ctx context.Context, t *SampleType) error {
	v := &ValidationError{}
	checkRefEntry(v, &t.Code, &t.Name, &t.NameEn, t.Position)
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := placeLast(tx, &SampleType{}, &t.Position); err != nil {
			return err
		}
		t.ID = 0
		if err := tx.Create(t).Error; err != nil {
			if isDuplicate(err) {
				return Invalid("code", "already_used")
			}
			return fmt.Errorf("create sample type: %w", err)
		}
		return nil
	})
}

// checkRefEntry normalises and checks the fields every admin-added
// reference row has (sample types, defect codes): a code, names in both
// languages and a display position (0: last).
func checkRefEntry(v *ValidationError, code, name, nameEn *string, position int) {
	*code = strings.ToLower(strings.TrimSpace(*code))
	*name, *nameEn = strings.TrimSpace(*name), strings.TrimSpace(*nameEn)
	if !stepCodeRe.MatchString(*code) {
		v.Add("code", "invalid_code", "min", 2, "max", 40, "allowed", "a-z 0-9 _")
	}
	checkText(v, "name", *name, true, 200)
	checkText(v, "name_en", *nameEn, false, 200)
	if position < 0 || position > 10000 {
		v.Add("position", "out_of_range", "min", 0, "max", 10000)
	}
}

// placeLast gives a reference row without a position the one after the
// last of its table.
func placeLast(tx *gorm.DB, model any, position *int) error {
	if *position != 0 {
		return nil
	}
	var max *int
	if err := tx.Model(model).Select("MAX(position)").Scan(&max).Error; err != nil {
		return err
	}
	*position = 1
	if max != nil {
		*position = *max + 1
	}
	return nil
}

// SampleInput is a factory's submission of a sample round.
type SampleInput struct {
	Type         string
	Note         string
	Measurements string
	PhotoIDs     []int64
}

// SubmitSample records a new round of a sample type for an order, with its
// photos, in one transaction. The round number is the next one for the
// order and type: the order row is locked (MySQL) or the transaction is
// immediate (SQLite), and the unique index (order, type, round) backs it
// with a bounded retry if two submissions still collide.
func (s *Store) SubmitSample(ctx context.Context, orderID int64, in SampleInput, by Uploader, sc Scope) (*SampleRound, error) {
	var out *SampleRound
	var err error
	for attempt := 0; attempt < sampleRoundRetryAttempt; attempt++ {
		err = s.readCommittedTx(ctx, func(tx *gorm.DB) error {
			var e error
			out, e = s.submitSampleTx(tx, orderID, in, by, sc)
			return e
		})
		if err == nil || !isDuplicate(err) {
			break
		}
	}
	if err != nil {
		if isDuplicate(err) {
			return nil, Conflict("sample_round_conflict")
		}
		return nil, err
	}
	return out, nil
}

func (s *Store) submitSampleTx(tx *gorm.DB, orderID int64, in SampleInput, by Uploader, sc Scope) (*SampleRound, error) {
	o, err := s.getOrderTx(tx, orderID, sc, true)
	if err != nil {
		return nil, err
	}
	if _, err := orderStep(o.Status, OrderSubmitSample); err != nil {
		return nil, err
	}
	v := &ValidationError{}
	in.Type = strings.TrimSpace(in.Type)
	in.Note = strings.TrimSpace(in.Note)
	var st SampleType
	if in.Type == "" {
		v.Add("type", "required")
	} else if err := tx.Where("code = ? AND active = ?", in.Type, true).First(&st).Error; err != nil {
		if err := notFound(err); err != ErrNotFound {
			return nil, err
		}
		v.Add("type", "unknown_sample_type")
	}
	checkText(v, "note", in.Note, false, 2000)
	checkText(v, "measurements", in.Measurements, false, 4000)
	if len(in.PhotoIDs) == 0 {
		v.Add("photo_ids", "too_few", "min", 1)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var max *int
	if err := tx.Model(&SampleRound{}).Where("order_id = ? AND sample_type = ?", o.ID, in.Type).
		Select("MAX(round_no)").Scan(&max).Error; err != nil {
		return nil, err
	}
	next := 1
	if max != nil {
		next = *max + 1
	}
	now := s.clock.Now()
	r := &SampleRound{OrderID: o.ID, SupplierID: &o.SupplierID, SampleType: in.Type, RoundNo: next, Status: SamplePending, Note: in.Note,
		Measurements: in.Measurements, SubmittedBy: by.UserID, CreatedAt: now, Annotations: "[]"}
	if err := tx.Create(r).Error; err != nil {
		if isDuplicate(err) {
			return nil, err
		}
		return nil, fmt.Errorf("create sample round: %w", err)
	}
	if err := s.AttachPhotos(tx, in.PhotoIDs, by, PhotoOwner{Kind: sampleRoundPhotoKind, ID: r.ID, SupplierID: o.SupplierID}); err != nil {
		return nil, err
	}
	data := map[string]any{"sample_id": r.ID, "sample_type": r.SampleType, "name": st.Name, "name_en": st.NameEn,
		"round": r.RoundNo, "note": r.Note, "photo_ids": in.PhotoIDs}
	if err := addActivity(tx, now, o.ID, &by.UserID, ActSampleSubmitted, false, data); err != nil {
		return nil, err
	}
	mid := o.MerchandiserID
	if err := addNotification(tx, now, Notification{UserID: &mid, ActorID: &by.UserID, Kind: NotifySampleSubmitted, OrderID: o.ID}, data); err != nil {
		return nil, err
	}
	if err := refreshRisk(tx, o.ID, now); err != nil {
		return nil, err
	}
	return r, nil
}

// GetSampleRound loads a round and its order, if the scope may see both: a
// round of a supplier the order had before is not found for the new one.
func (s *Store) GetSampleRound(ctx context.Context, id int64, sc Scope) (*SampleRound, *Order, error) {
	var r SampleRound
	if err := s.conn(ctx).First(&r, id).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if !sc.Owns(r.SupplierID) {
		return nil, nil, ErrNotFound
	}
	o, err := s.GetOrder(ctx, r.OrderID, sc)
	if err != nil {
		return nil, nil, err
	}
	return &r, o, nil
}

// ListSampleRoundsPage pages through the rounds of an order in the scope,
// newest first (an order may have hundreds of rounds).
func (s *Store) ListSampleRoundsPage(ctx context.Context, orderID int64, sc Scope, p Page) ([]SampleRound, string, error) {
	limit, after, err := p.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := sc.ownRows(s.conn(ctx)).Where("order_id = ?", orderID).Order("id DESC").Limit(limit + 1)
	if after > 0 {
		q = q.Where("id < ?", after)
	}
	var rows []SampleRound
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list rounds of order %d: %w", orderID, err)
	}
	rows, next := pageOf(rows, limit, func(r SampleRound) int64 { return r.ID })
	return rows, next, nil
}

// LatestSampleRounds is the highest round number per sample type of an
// order in the scope (what a page of rounds needs for its actions).
func (s *Store) LatestSampleRounds(ctx context.Context, orderID int64, sc Scope) (map[string]int, error) {
	var rows []struct {
		SampleType string
		N          int
	}
	err := sc.ownRows(s.conn(ctx).Model(&SampleRound{})).Select("sample_type, MAX(round_no) AS n").
		Where("order_id = ?", orderID).Group("sample_type").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("latest rounds of order %d: %w", orderID, err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.SampleType] = r.N
	}
	return out, nil
}

// ListSampleRounds returns the rounds of an order in the scope, newest first.
func (s *Store) ListSampleRounds(ctx context.Context, orderID int64, sc Scope) ([]SampleRound, error) {
	var rows []SampleRound
	err := sc.ownRows(s.conn(ctx)).Where("order_id = ?", orderID).Order("id DESC").Find(&rows).Error
	return rows, err
}

// Decision is a merchandiser's verdict on a pending round.
type Decision struct {
	Status      string // approved, approved_with_comments or rejected
	Comment     string
	Annotations json.RawMessage
}

// annotation is one shape drawn over a photo of the round.
type annotation struct {
	Type    string `json:"type"`
	PhotoID *int64 `json:"photo_id"`
}

// checkAnnotations validates a JSON array of shapes and returns it compacted.
func checkAnnotations(raw json.RawMessage, photoIDs map[int64]bool) (string, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return "[]", nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(trimmed, &items); err != nil {
		return "", Invalid("annotations", "wrong_type", "type", "list")
	}
	if len(items) > maxSampleAnnotations {
		return "", Invalid("annotations", "too_many", "max", maxSampleAnnotations)
	}
	for i, it := range items {
		f := fmt.Sprintf("annotations[%d]", i)
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(it, &obj); err != nil || obj == nil {
			return "", Invalid(f, "wrong_type", "type", "object")
		}
		var a annotation
		if err := json.Unmarshal(it, &a); err != nil {
			return "", Invalid(f, "invalid_shape")
		}
		switch a.Type {
		case "circle", "arrow", "text":
		default:
			return "", Invalid(f+".type", "one_of", "allowed", "circle, arrow, text")
		}
		if a.PhotoID == nil || !photoIDs[*a.PhotoID] {
			return "", Invalid(f+".photo_id", "not_this_round")
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, trimmed); err != nil {
		return "", Invalid("annotations", "wrong_type", "type", "list")
	}
	if buf.Len() > 64<<10 {
		return "", Invalid("annotations", "too_big")
	}
	return buf.String(), nil
}

// DecideSample records a decision on a pending round (else 409). Approving
// a type completes the order's open milestones that wait for it.
func (s *Store) DecideSample(ctx context.Context, id int64, d Decision, by int64) (*SampleRound, error) {
	v := &ValidationError{}
	d.Comment = strings.TrimSpace(d.Comment)
	act, ok := sampleDecisionAction[d.Status]
	if !ok {
		return nil, fmt.Errorf("decide sample: unknown status %q", d.Status)
	}
	if d.Status != SampleApproved && d.Comment == "" {
		v.Add("comment", "required")
	}
	checkText(v, "comment", d.Comment, false, 2000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out SampleRound
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		if err := tx.First(&out, id).Error; err != nil {
			return notFound(err)
		}
		status, err := sampleStep(out.Status, act)
		if err != nil {
			return err
		}
		var phIDs []int64
		if err := tx.Model(&Photo{}).Where("owner_kind = ? AND owner_id = ?", sampleRoundPhotoKind, out.ID).Pluck("id", &phIDs).Error; err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, p := range phIDs {
			known[p] = true
		}
		ann, err := checkAnnotations(d.Annotations, known)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		// The status condition makes a decision that raced another one
		// change nothing (RowsAffected 0).
		res := tx.Model(&SampleRound{}).Where("id = ? AND status = ?", out.ID, out.Status).Updates(map[string]any{
			"status": status, "decided_by": by, "decided_at": now, "decision_comment": d.Comment, "annotations": ann})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return Conflict("sample_decided")
		}
		out.Status, out.DecidedBy, out.DecidedAt, out.DecisionComment, out.Annotations = status, &by, &now, d.Comment, ann
		var o Order
		if err := tx.First(&o, out.OrderID).Error; err != nil {
			return err
		}
		data := map[string]any{"sample_id": out.ID, "sample_type": out.SampleType, "round": out.RoundNo,
			"status": d.Status, "comment": d.Comment}
		// The decision goes to the factory that submitted the round, which is
		// not the order's supplier any more if the order has moved since.
		sid := o.SupplierID
		if out.SupplierID != nil {
			sid = *out.SupplierID
		}
		if err := addSupplierActivity(tx, now, o.ID, &sid, &by, ActSampleDecided, false, data); err != nil {
			return err
		}
		if err := addNotification(tx, now, Notification{SupplierID: &sid, ActorID: &by, Kind: NotifySampleDecided, OrderID: o.ID}, data); err != nil {
			return err
		}
		if d.Status != SampleRejected {
			if err := completeSampleMilestones(tx, now, o.ID, out.SampleType, by); err != nil {
				return err
			}
		}
		return refreshRisk(tx, o.ID, now)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// completeSampleMilestones marks the open milestones that wait for a sample
// type as done on the decision date.
func completeSampleMilestones(tx *gorm.DB, now time.Time, orderID int64, sampleType string, by int64) error {
	return autoCompleteSteps(tx, now, orderID, by, now.UTC().Format(DateLayout),
		map[string]any{"sample_type": sampleType}, "sample_type = ?", sampleType)
}

// autoCompleteSteps marks an order's open steps that match cond as done on
// date, because of something else that happened (a sample approved, a final
// inspection passed): an activity event per step carries why, and the
// order's plan summary follows.
func autoCompleteSteps(tx *gorm.DB, now time.Time, orderID, by int64, date string, why map[string]any, cond string, args ...any) error {
	var ms []Milestone
	if err := tx.Where("order_id = ? AND status IN ?", orderID, openMilestoneStatuses).Where(cond, args...).
		Order("position").Find(&ms).Error; err != nil {
		return err
	}
	for _, m := range ms {
		if err := tx.Model(&Milestone{}).Where("id = ?", m.ID).
			Updates(map[string]any{"status": MilestoneDone, "actual_date": date, "updated_at": now}).Error; err != nil {
			return err
		}
		data := map[string]any{"milestone_id": m.ID, "code": m.Code, "name": m.Name, "name_en": m.NameEn, "actual_date": date}
		maps.Copy(data, why)
		if err := addActivity(tx, now, orderID, &by, ActMilestoneAutoDone, false, data); err != nil {
			return err
		}
	}
	if len(ms) == 0 {
		return nil
	}
	return syncOrder(tx, orderID, now)
}

// PendingSample is a round waiting for a decision, with its order.
// SupplierID is the order's supplier now; the round's own is
// SampleRound.SupplierID (a column of the same name, hence the alias).
type PendingSample struct {
	SampleRound
	PONumber       string
	StyleNo        string
	StyleName      string
	SupplierID     int64 `gorm:"column:order_supplier_id"`
	MerchandiserID int64
}

// pendingQuery is the pending rounds, with their orders, of a
// merchandiser's orders (nil: everyone's).
func (s *Store) pendingQuery(ctx context.Context, merchandiserID *int64) *gorm.DB {
	q := s.conn(ctx).Table("sample_rounds").
		Joins("JOIN orders ON orders.id = sample_rounds.order_id").
		Where("sample_rounds.status = ?", SamplePending)
	if merchandiserID != nil {
		q = q.Where("orders.merchandiser_id = ?", *merchandiserID)
	}
	return q
}

// ListPendingSamples pages through pending rounds across orders, oldest
// first; with a merchandiser, only the rounds of the orders they follow. The
// cursor names the last round; the next page starts after its (created_at,
// id), so a round decided in between does not shift the pages.
func (s *Store) ListPendingSamples(ctx context.Context, merchandiserID *int64, p Page) ([]PendingSample, string, error) {
	limit, after, err := p.Normalize()
	if err != nil {
		return nil, "", err
	}
	q := s.pendingQuery(ctx, merchandiserID).
		Select("sample_rounds.*, orders.po_number, orders.style_no, orders.style_name, orders.supplier_id AS order_supplier_id, orders.merchandiser_id").
		Order("sample_rounds.created_at, sample_rounds.id").Limit(limit + 1)
	if after > 0 {
		var last SampleRound
		if err := s.conn(ctx).Select("id, created_at").First(&last, after).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil, "", Invalid("cursor", "invalid_cursor")
			}
			return nil, "", fmt.Errorf("approvals cursor: %w", err)
		}
		q = q.Where("(sample_rounds.created_at > ? OR (sample_rounds.created_at = ? AND sample_rounds.id > ?))", last.CreatedAt, last.CreatedAt, last.ID)
	}
	var rows []PendingSample
	if err := q.Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list pending samples: %w", err)
	}
	rows, next := pageOf(rows, limit, func(r PendingSample) int64 { return r.ID })
	return rows, next, nil
}

// CountPendingSamples counts the whole queue of ListPendingSamples per
// sample type.
func (s *Store) CountPendingSamples(ctx context.Context, merchandiserID *int64) (map[string]int, error) {
	var rows []struct {
		SampleType string
		N          int
	}
	if err := s.pendingQuery(ctx, merchandiserID).Select("sample_rounds.sample_type, COUNT(*) AS n").
		Group("sample_rounds.sample_type").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count pending samples: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.SampleType] = r.N
	}
	return out, nil
}
