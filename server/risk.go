package server

import (
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/models/risk"
)

// The risk dashboard, an order's risk chart, the Today list and chase logs
// (docs/RISK.md). Staff only: a factory sees its orders' risk level on its
// order list, never the reasons.

type riskDTO struct {
	Level      string        `json:"level"`
	Score      int           `json:"score"`
	Projected  string        `json:"projected_date"`
	SlackDays  int           `json:"slack_days"`
	Reasons    []risk.Reason `json:"reasons"`
	ComputedAt *time.Time    `json:"computed_at"`
}

func riskView(o *models.Order) riskDTO {
	r := models.RiskOf(o)
	return riskDTO{Level: r.Level, Score: r.Score, Projected: r.Projected, SlackDays: r.SlackDays, Reasons: r.Reasons, ComputedAt: r.ComputedAt}
}

// nameRefDTO names a supplier or customer.
type nameRefDTO struct {
	ID     int64  `json:"id"`
	Code   string `json:"code,omitempty"`
	Name   string `json:"name"`
	NameEn string `json:"name_en,omitempty"`
}

type levelCountsDTO struct {
	Late    int64 `json:"late"`
	AtRisk  int64 `json:"at_risk"`
	OnTrack int64 `json:"on_track"`
}

func levelCounts(c *models.LevelCounts) levelCountsDTO {
	return levelCountsDTO{Late: c.Late, AtRisk: c.AtRisk, OnTrack: c.OnTrack}
}

type supplierCountsDTO struct {
	Supplier nameRefDTO `json:"supplier"`
	levelCountsDTO
}

type userRefDTO struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type merchandiserCountsDTO struct {
	Merchandiser userRefDTO `json:"merchandiser"`
	levelCountsDTO
}

type dashboardItemDTO struct {
	ID             int64      `json:"id"`
	PONumber       string     `json:"po_number"`
	StyleNo        string     `json:"style_no"`
	StyleName      string     `json:"style_name"`
	Status         string     `json:"status"`
	Supplier       nameRefDTO `json:"supplier"`
	Customer       nameRefDTO `json:"customer"`
	MerchandiserID int64      `json:"merchandiser_id"`
	ExFactoryDate  string     `json:"ex_factory_date"`
	Baseline       string     `json:"baseline_ex_factory_date"`
	TotalQuantity  int        `json:"total_quantity"`
	LastReportDate string     `json:"last_report_date"`
	Risk           riskDTO    `json:"risk"`
}

type dashboardDTO struct {
	// MerchandiserID is the merchandiser the dashboard is of, null for all.
	MerchandiserID *int64 `json:"merchandiser_id"`
	Counts         struct {
		ByLevel        levelCountsDTO          `json:"by_level"`
		BySupplier     []supplierCountsDTO     `json:"by_supplier"`
		ByMerchandiser []merchandiserCountsDTO `json:"by_merchandiser"`
	} `json:"counts"`
	Items      []dashboardItemDTO `json:"items"`
	NextCursor string             `json:"next_cursor"`
}

// merchandiserParam reads ?merchandiser_id=: the caller by default, "all"
// for everyone.
func merchandiserParam(c *fiber.Ctx) (*int64, error) {
	if c.Query("merchandiser_id") == "all" {
		return nil, nil
	}
	id, err := optInt64(c, "merchandiser_id")
	if err != nil || id != nil {
		return id, err
	}
	me := principalOf(c).UserID
	return &me, nil
}

func (s *Server) dashboard(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.RiskFilter{Page: pg, Level: c.Query("level"), ExFactoryFrom: c.Query("ex_factory_from"), ExFactoryTo: c.Query("ex_factory_to")}
	if f.MerchandiserID, err = merchandiserParam(c); err != nil {
		return err
	}
	if f.SupplierID, err = optInt64(c, "supplier_id"); err != nil {
		return err
	}
	if f.CustomerID, err = optInt64(c, "customer_id"); err != nil {
		return err
	}
	ctx := c.UserContext()
	d, err := s.store.RiskDashboard(ctx, f)
	if err != nil {
		return err
	}
	supIDs := make([]int64, 0, len(d.BySupplier))
	for id := range d.BySupplier {
		supIDs = append(supIDs, id)
	}
	sups, err := s.store.SupplierNames(ctx, supIDs)
	if err != nil {
		return err
	}
	userIDs := make([]int64, 0, len(d.ByMerchandiser))
	for id := range d.ByMerchandiser {
		userIDs = append(userIDs, id)
	}
	users, err := s.store.UserNames(ctx, userIDs)
	if err != nil {
		return err
	}
	out := dashboardDTO{MerchandiserID: f.MerchandiserID, Items: make([]dashboardItemDTO, len(d.Items)), NextCursor: d.Next}
	out.Counts.ByLevel = levelCounts(&d.ByLevel)
	out.Counts.BySupplier = make([]supplierCountsDTO, 0, len(d.BySupplier))
	for id, n := range d.BySupplier {
		sp := sups[id]
		out.Counts.BySupplier = append(out.Counts.BySupplier, supplierCountsDTO{
			Supplier: nameRefDTO{ID: id, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn}, levelCountsDTO: levelCounts(n)})
	}
	sortCounts(out.Counts.BySupplier, func(x supplierCountsDTO) (levelCountsDTO, string) { return x.levelCountsDTO, x.Supplier.Code })
	out.Counts.ByMerchandiser = make([]merchandiserCountsDTO, 0, len(d.ByMerchandiser))
	for id, n := range d.ByMerchandiser {
		out.Counts.ByMerchandiser = append(out.Counts.ByMerchandiser, merchandiserCountsDTO{
			Merchandiser: userRefDTO{ID: id, Name: users[id]}, levelCountsDTO: levelCounts(n)})
	}
	sortCounts(out.Counts.ByMerchandiser, func(x merchandiserCountsDTO) (levelCountsDTO, string) { return x.levelCountsDTO, x.Merchandiser.Name })
	for i := range d.Items {
		it := &d.Items[i]
		out.Items[i] = dashboardItemDTO{ID: it.ID, PONumber: it.PONumber, StyleNo: it.StyleNo, StyleName: it.StyleName, Status: it.Status,
			Supplier:       nameRefDTO{ID: it.SupplierID, Code: it.SupplierCode, Name: it.SupplierName, NameEn: it.SupplierNameEn},
			Customer:       nameRefDTO{ID: it.CustomerID, Name: it.CustomerName},
			MerchandiserID: it.MerchandiserID, ExFactoryDate: it.ExFactoryDate, Baseline: it.BaselineExFactoryDate,
			TotalQuantity: it.TotalQuantity, LastReportDate: it.LastReportDate, Risk: riskView(&it.Order)}
	}
	return c.JSON(out)
}

// sortCounts puts the worst first: most late, then most at risk, then by name.
func sortCounts[T any](xs []T, key func(T) (levelCountsDTO, string)) {
	less := func(a, b T) int {
		ca, na := key(a)
		cb, nb := key(b)
		switch {
		case ca.Late != cb.Late:
			return int(cb.Late - ca.Late)
		case ca.AtRisk != cb.AtRisk:
			return int(cb.AtRisk - ca.AtRisk)
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
		return 0
	}
	slices.SortFunc(xs, less)
}

type chartStepDTO struct {
	ID       int64   `json:"id"`
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	NameEn   string  `json:"name_en"`
	Status   string  `json:"status"`
	Baseline string  `json:"baseline_date"`
	Planned  string  `json:"planned_date"`
	Actual   *string `json:"actual_date"`
}

type outputDTO struct {
	Step   string               `json:"step"`
	Name   string               `json:"name"`
	NameEn string               `json:"name_en"`
	Total  int                  `json:"total"`
	Start  string               `json:"start_date"`
	Due    string               `json:"due_date"`
	Points []models.OutputPoint `json:"points"`
}

type orderRiskDTO struct {
	Risk   riskDTO        `json:"risk"`
	Steps  []chartStepDTO `json:"steps"`
	Output *outputDTO     `json:"output"`
}

func (s *Server) orderRisk(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	o, err := s.store.GetOrder(c.UserContext(), id, models.Scope{})
	if err != nil {
		return err
	}
	ch, err := s.store.OrderRiskChart(c.UserContext(), o)
	if err != nil {
		return err
	}
	out := orderRiskDTO{Risk: riskView(o), Steps: make([]chartStepDTO, len(ch.Steps))}
	for i, m := range ch.Steps {
		out.Steps[i] = chartStepDTO{ID: m.ID, Code: m.Code, Name: m.Name, NameEn: m.NameEn, Status: m.Status,
			Baseline: m.BaselineDate, Planned: m.PlannedDate, Actual: m.ActualDate}
	}
	if ser := ch.Output; ser != nil {
		out.Output = &outputDTO{Step: ser.Step, Name: ser.Name, NameEn: ser.NameEn, Total: ser.Total, Start: ser.Start, Due: ser.Due, Points: ser.Points}
	}
	return c.JSON(out)
}

type chaseDTO struct {
	ID                   int64      `json:"id"`
	OrderID              *int64     `json:"order_id"`
	SupplierID           int64      `json:"supplier_id"`
	MilestoneID          *int64     `json:"milestone_id"`
	Topic                string     `json:"topic"`
	Channel              string     `json:"channel"`
	Said                 string     `json:"said"`
	PromisedDate         string     `json:"promised_date"`
	PreviousPromisedDate string     `json:"previous_promised_date"`
	Slipped              bool       `json:"slipped"`
	NextFollowUp         string     `json:"next_follow_up"`
	CreatedBy            userRefDTO `json:"created_by"`
	CreatedAt            time.Time  `json:"created_at"`
	// Order names the chased order (null for a chase of a supplier).
	Order *chaseOrderDTO `json:"order"`
}

type chaseOrderDTO struct {
	ID       int64  `json:"id"`
	PONumber string `json:"po_number"`
	StyleNo  string `json:"style_no"`
}

// chaseViews renders chases with their authors' names and orders' POs.
// namesAndTitles loads what list views show of the users and orders their
// rows name: the users' names and the orders' PO and style.
func (s *Server) namesAndTitles(c *fiber.Ctx, users, orders []int64) (map[int64]string, map[int64]models.OrderTitle, error) {
	names, err := s.store.UserNames(c.UserContext(), users)
	if err != nil {
		return nil, nil, err
	}
	titles, err := s.store.OrderTitles(c.UserContext(), orders)
	if err != nil {
		return nil, nil, err
	}
	return names, titles, nil
}

func (s *Server) chaseViews(c *fiber.Ctx, rows []models.ChaseLog) ([]chaseDTO, error) {
	users := make([]int64, 0, len(rows))
	orders := make([]int64, 0, len(rows))
	for i := range rows {
		users = append(users, rows[i].CreatedBy)
		if rows[i].OrderID != nil {
			orders = append(orders, *rows[i].OrderID)
		}
	}
	names, titles, err := s.namesAndTitles(c, users, orders)
	if err != nil {
		return nil, err
	}
	out := make([]chaseDTO, len(rows))
	for i := range rows {
		out[i] = chaseView(&rows[i], names)
		if id := rows[i].OrderID; id != nil {
			t := titles[*id]
			out[i].Order = &chaseOrderDTO{ID: *id, PONumber: t.PONumber, StyleNo: t.StyleNo}
		}
	}
	return out, nil
}

func chaseView(ch *models.ChaseLog, names map[int64]string) chaseDTO {
	return chaseDTO{ID: ch.ID, OrderID: ch.OrderID, SupplierID: ch.SupplierID, MilestoneID: ch.MilestoneID, Topic: ch.Topic,
		Channel: ch.Channel, Said: ch.Said, PromisedDate: ch.PromisedDate, PreviousPromisedDate: ch.PreviousPromisedDate,
		Slipped: ch.Slipped(), NextFollowUp: ch.NextFollowUp, CreatedBy: userRefDTO{ID: ch.CreatedBy, Name: names[ch.CreatedBy]},
		CreatedAt: ch.CreatedAt.UTC()}
}

type chaseRequest struct {
	OrderID      *int64 `json:"order_id"`
	SupplierID   *int64 `json:"supplier_id"`
	MilestoneID  *int64 `json:"milestone_id"`
	Topic        string `json:"topic"`
	Channel      string `json:"channel"`
	Said         string `json:"said"`
	PromisedDate string `json:"promised_date"`
	NextFollowUp string `json:"next_follow_up"`
}

func (s *Server) createChase(c *fiber.Ctx) error {
	var req chaseRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	ch, err := s.store.CreateChase(c.UserContext(), models.ChaseInput{OrderID: req.OrderID, SupplierID: req.SupplierID,
		MilestoneID: req.MilestoneID, Topic: req.Topic, Channel: req.Channel, Said: req.Said, PromisedDate: req.PromisedDate,
		NextFollowUp: req.NextFollowUp}, p.UserID)
	if err != nil {
		return err
	}
	out, err := s.chaseViews(c, []models.ChaseLog{*ch})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out[0])
}

func (s *Server) listChases(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	f := models.ChaseFilter{Page: pg}
	if f.OrderID, err = optInt64(c, "order_id"); err != nil {
		return err
	}
	if f.SupplierID, err = optInt64(c, "supplier_id"); err != nil {
		return err
	}
	rows, next, err := s.store.ListChases(c.UserContext(), f)
	if err != nil {
		return err
	}
	out, err := s.chaseViews(c, rows)
	if err != nil {
		return err
	}
	return c.JSON(listOf(out, next))
}

type todayOrderDTO struct {
	ID        int64  `json:"id"`
	PONumber  string `json:"po_number"`
	StyleNo   string `json:"style_no"`
	RiskLevel string `json:"risk_level"`
}

type todayItemDTO struct {
	Kind      string         `json:"kind"`
	Order     todayOrderDTO  `json:"order"`
	Supplier  nameRefDTO     `json:"supplier"`
	Date      string         `json:"date"`
	Params    map[string]any `json:"params"`
	LastChase *chaseDTO      `json:"last_chase"`
}

type todayDTO struct {
	Date  string         `json:"date"`
	Items []todayItemDTO `json:"items"`
}

func (s *Server) today(c *fiber.Ctx) error {
	mid, err := merchandiserParam(c)
	if err != nil {
		return err
	}
	l, err := s.store.Today(c.UserContext(), mid)
	if err != nil {
		return err
	}
	var ids []int64
	for _, it := range l.Items {
		if it.LastChase != nil {
			ids = append(ids, it.LastChase.CreatedBy)
		}
	}
	names, err := s.store.UserNames(c.UserContext(), ids)
	if err != nil {
		return err
	}
	out := todayDTO{Date: l.Date, Items: make([]todayItemDTO, len(l.Items))}
	for i, it := range l.Items {
		o, sp := l.Orders[it.OrderID], l.Suppliers[it.SupplierID]
		d := todayItemDTO{Kind: it.Kind, Order: todayOrderDTO{ID: o.ID, PONumber: o.PONumber, StyleNo: o.StyleNo, RiskLevel: o.RiskLevel},
			Supplier: nameRefDTO{ID: sp.ID, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn}, Date: it.Date, Params: it.Params}
		if it.LastChase != nil {
			ch := chaseView(it.LastChase, names)
			d.LastChase = &ch
		}
		out.Items[i] = d
	}
	return c.JSON(out)
}
