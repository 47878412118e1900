package server

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// In-app notifications (docs/NOTIFICATIONS.md): every signed-in user reads
// and marks their own; a factory user only those of its current supplier.

type notificationDTO struct {
	ID        int64           `json:"id"`
	Kind      string          `json:"kind"`
	CreatedAt time.Time       `json:"created_at"`
	ReadAt    *time.Time      `json:"read_at"`
	Order     *chaseOrderDTO  `json:"order"`
	Actor     *userRefDTO     `json:"actor"`
	Data      json.RawMessage `json:"data"`
	Path      string          `json:"path"`
}

type notificationPageDTO struct {
	Items      []notificationDTO `json:"items"`
	Unread     int64             `json:"unread"`
	NextCursor string            `json:"next_cursor"`
}

func readerOf(p *Principal) models.NotificationReader {
	return models.NotificationReader{UserID: p.UserID, SupplierID: ownSupplier(p)}
}

// ownSupplier is the supplier a factory user's rows are limited to (one
// that matches nothing when it has none); nil for everyone else.
func ownSupplier(p *Principal) *int64 {
	if !p.IsFactory() {
		return nil
	}
	if p.SupplierID == nil {
		none := int64(0)
		return &none
	}
	return p.SupplierID
}

func (s *Server) notificationViews(c *fiber.Ctx, rows []models.Notification) ([]notificationDTO, error) {
	users := make([]int64, 0, len(rows))
	orders := make([]int64, 0, len(rows))
	for i := range rows {
		if rows[i].ActorID != nil {
			users = append(users, *rows[i].ActorID)
		}
		orders = append(orders, rows[i].OrderID)
	}
	names, titles, err := s.namesAndTitles(c, users, orders)
	if err != nil {
		return nil, err
	}
	out := make([]notificationDTO, len(rows))
	for i := range rows {
		n := &rows[i]
		d := notificationDTO{ID: n.ID, Kind: n.Kind, CreatedAt: n.CreatedAt.UTC(), ReadAt: n.ReadAt, Data: json.RawMessage(n.Data),
			Path: "/orders/" + strconv.FormatInt(n.OrderID, 10)}
		if d.ReadAt != nil {
			u := d.ReadAt.UTC()
			d.ReadAt = &u
		}
		if !json.Valid(d.Data) || len(d.Data) == 0 || d.Data[0] != '{' {
			d.Data = json.RawMessage("{}")
		}
		if t, ok := titles[n.OrderID]; ok {
			d.Order = &chaseOrderDTO{ID: n.OrderID, PONumber: t.PONumber, StyleNo: t.StyleNo}
		}
		if n.ActorID != nil {
			d.Actor = &userRefDTO{ID: *n.ActorID, Name: names[*n.ActorID]}
		}
		out[i] = d
	}
	return out, nil
}

func (s *Server) listNotifications(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	rows, unread, next, err := s.store.NotificationsPage(c.UserContext(), readerOf(principalOf(c)), pg.Limit, c.Query("cursor"))
	if err != nil {
		return err
	}
	items, err := s.notificationViews(c, rows)
	if err != nil {
		return err
	}
	out := notificationPageDTO{Items: items, Unread: unread, NextCursor: next}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

func (s *Server) unreadNotifications(c *fiber.Ctx) error {
	n, err := s.store.UnreadNotifications(c.UserContext(), readerOf(principalOf(c)))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"unread": n})
}

func (s *Server) readNotification(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	n, err := s.store.ReadNotification(c.UserContext(), readerOf(principalOf(c)), id)
	if err != nil {
		return err
	}
	views, err := s.notificationViews(c, []models.Notification{*n})
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"notification": views[0]})
}

func (s *Server) readAllNotifications(c *fiber.Ctx) error {
	r := readerOf(principalOf(c))
	marked, err := s.store.ReadAllNotifications(c.UserContext(), r)
	if err != nil {
		return err
	}
	unread, err := s.store.UnreadNotifications(c.UserContext(), r)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"unread": unread, "marked": marked})
}

type failedSendDTO struct {
	ID             int64          `json:"id"`
	NotificationID int64          `json:"notification_id"`
	Kind           string         `json:"kind"`
	Order          *chaseOrderDTO `json:"order"`
	User           *userRefDTO    `json:"user"`
	Channel        string         `json:"channel"`
	Target         string         `json:"target"`
	Attempts       int            `json:"attempts"`
	LastError      string         `json:"last_error"`
	CreatedAt      time.Time      `json:"created_at"`
	Status         string         `json:"status"`
	Actions        []string       `json:"actions"`
}

// listFailedSends shows admins the notifications that could not be
// delivered through an outside channel, after the dispatcher gave up.
func (s *Server) listFailedSends(c *fiber.Ctx) error {
	pg, err := page(c)
	if err != nil {
		return err
	}
	rows, err := s.store.FailedSends(c.UserContext(), pg.Limit)
	if err != nil {
		return err
	}
	users, orders := make([]int64, 0, len(rows)), make([]int64, 0, len(rows))
	for _, r := range rows {
		orders = append(orders, r.OrderID)
		if r.UserID != nil {
			users = append(users, *r.UserID)
		}
	}
	names, titles, err := s.namesAndTitles(c, users, orders)
	if err != nil {
		return err
	}
	out := make([]failedSendDTO, 0, len(rows))
	for _, r := range rows {
		out = append(out, failedSendView(&r, names, titles))
	}
	return c.JSON(fiber.Map{"items": out})
}

func failedSendView(r *models.FailedSend, names map[int64]string, titles map[int64]models.OrderTitle) failedSendDTO {
	d := failedSendDTO{ID: r.ID, NotificationID: r.NotificationID, Kind: r.Kind,
		Channel: r.Channel, Target: r.Target, Attempts: r.Attempts, LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(),
		Status: r.Status, Actions: []string{}}
	if r.UserID != nil {
		d.User = &userRefDTO{ID: *r.UserID, Name: names[*r.UserID]}
	}
	if t, ok := titles[r.OrderID]; ok {
		d.Order = &chaseOrderDTO{ID: r.OrderID, PONumber: t.PONumber, StyleNo: t.StyleNo}
	}
	if models.SendCan(r.Status, models.SendRetry) {
		d.Actions = append(d.Actions, string(models.SendRetry))
	}
	return d
}

// retrySend sends a failed send again (admin): due at once, attempts
// counted afresh.
func (s *Server) retrySend(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	r, err := s.store.RetrySend(c.UserContext(), id)
	if err != nil {
		return err
	}
	var users []int64
	if r.UserID != nil {
		users = append(users, *r.UserID)
	}
	names, titles, err := s.namesAndTitles(c, users, []int64{r.OrderID})
	if err != nil {
		return err
	}
	return c.JSON(failedSendView(r, names, titles))
}

type quietHoursDTO struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type notifySettingsDTO struct {
	Disabled   map[string][]string `json:"disabled"`
	QuietHours *quietHoursDTO      `json:"quiet_hours"`
	TimeZone   string              `json:"time_zone"`
}

func (s *Server) settingsView(c *fiber.Ctx, ns *models.NotificationSettings) (notifySettingsDTO, error) {
	zone, err := s.store.NotifyZone(c.UserContext(), ns.UserID)
	if err != nil {
		return notifySettingsDTO{}, err
	}
	d := notifySettingsDTO{Disabled: map[string][]string{}, TimeZone: zone}
	for _, ch := range models.OutsideChannels {
		d.Disabled[ch] = append([]string{}, ns.Disabled[ch]...)
	}
	if ns.QuietFrom != "" {
		d.QuietHours = &quietHoursDTO{From: ns.QuietFrom, To: ns.QuietTo}
	}
	return d, nil
}

func (s *Server) getNotifySettings(c *fiber.Ctx) error {
	ns, err := s.store.NotificationSettingsOf(c.UserContext(), principalOf(c).UserID)
	if err != nil {
		return err
	}
	d, err := s.settingsView(c, ns)
	if err != nil {
		return err
	}
	return c.JSON(d)
}

func (s *Server) putNotifySettings(c *fiber.Ctx) error {
	var req struct {
		Disabled   map[string][]string `json:"disabled"`
		QuietHours *quietHoursDTO      `json:"quiet_hours"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	var from, to string
	if req.QuietHours != nil {
		from, to = req.QuietHours.From, req.QuietHours.To
	}
	ns, err := s.store.SaveNotificationSettings(c.UserContext(), principalOf(c).UserID, req.Disabled, from, to)
	if err != nil {
		return err
	}
	d, err := s.settingsView(c, ns)
	if err != nil {
		return err
	}
	return c.JSON(d)
}
