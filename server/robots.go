package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/notify/chat"
)

// Chat-group robots (docs/NOTIFICATIONS.md): a factory registers its own
// group's robot; staff register the buying team's or any supplier's. The
// webhook and secret go in and never come out.

type robotDTO struct {
	ID          int64          `json:"id"`
	Supplier    *supplierBrief `json:"supplier"`
	Name        string         `json:"name"`
	Platform    string         `json:"platform"`
	WebhookHint string         `json:"webhook_hint"`
	HasSecret   bool           `json:"has_secret"`
	Language    string         `json:"language"`
	Events      []string       `json:"events"`
	CreatedAt   time.Time      `json:"created_at"`
}

type robotRequest struct {
	SupplierID *int64   `json:"supplier_id"`
	Name       string   `json:"name"`
	Platform   string   `json:"platform"`
	Webhook    string   `json:"webhook"`
	Secret     string   `json:"secret"`
	Language   string   `json:"language"`
	Events     []string `json:"events"`
}

func (s *Server) robotViews(c *fiber.Ctx, rs []models.ChatRobot) ([]robotDTO, error) {
	var ids []int64
	for _, r := range rs {
		if r.SupplierID != nil {
			ids = append(ids, *r.SupplierID)
		}
	}
	sps, err := s.store.SupplierNames(c.UserContext(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]robotDTO, 0, len(rs))
	for _, r := range rs {
		d := robotDTO{ID: r.ID, Name: r.Name, Platform: r.Platform, WebhookHint: r.WebhookHint, HasSecret: r.SecretEnc != "",
			Language: r.Language, Events: r.EventList(), CreatedAt: r.CreatedAt.UTC()}
		if d.Events == nil {
			d.Events = []string{}
		}
		if r.SupplierID != nil {
			sp := sps[*r.SupplierID]
			d.Supplier = &supplierBrief{ID: sp.ID, Code: sp.Code, Name: sp.Name, NameEn: sp.NameEn}
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *Server) listRobots(c *fiber.Ctx) error {
	rs, err := s.store.ListRobots(c.UserContext(), ownSupplier(principalOf(c)))
	if err != nil {
		return err
	}
	out, err := s.robotViews(c, rs)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": out})
}

func (s *Server) createRobot(c *fiber.Ctx) error {
	var req robotRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p := principalOf(c)
	if sc := ownSupplier(p); sc != nil {
		req.SupplierID = sc // a factory's robot is its own group's
	}
	if err := chat.ValidWebhook(req.Platform, req.Webhook); err != nil {
		return models.Invalid("webhook", "invalid_robot_webhook", "platform", req.Platform)
	}
	r, err := s.store.CreateRobot(c.UserContext(), models.RobotInput{SupplierID: req.SupplierID, Name: req.Name, Platform: req.Platform,
		Webhook: req.Webhook, Secret: req.Secret, Language: req.Language, Events: req.Events}, p.UserID)
	if err != nil {
		return err
	}
	out, err := s.robotViews(c, []models.ChatRobot{*r})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(out[0])
}

func (s *Server) deleteRobot(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := s.store.DeleteRobot(c.UserContext(), id, ownSupplier(principalOf(c))); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"deleted": true})
}
