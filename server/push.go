package server

import (
	"github.com/gofiber/fiber/v2"
)

// Web Push subscriptions (docs/NOTIFICATIONS.md): the PWA asks for the
// server's VAPID public key, subscribes the browser with it and hands the
// subscription here; the dispatcher then pushes the user's notifications.

type pushKeyDTO struct {
	Enabled   bool   `json:"enabled"`
	PublicKey string `json:"public_key"`
}

func (s *Server) pushKey(c *fiber.Ctx) error {
	return c.JSON(pushKeyDTO{Enabled: s.opts.PushPublicKey != "", PublicKey: s.opts.PushPublicKey})
}

// pushSubscriptionRequest is the browser's PushSubscription.toJSON().
type pushSubscriptionRequest struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

var errPushOff = apiError(fiber.StatusConflict, "push_not_enabled", "Web Push is not enabled on this server.")

func (s *Server) savePushSubscription(c *fiber.Ctx) error {
	if s.opts.PushPublicKey == "" {
		return errPushOff
	}
	var req pushSubscriptionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	sub, created, err := s.store.SavePushSubscription(c.UserContext(), principalOf(c).UserID, req.Endpoint, req.Keys.P256dh, req.Keys.Auth)
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(fiber.Map{"id": sub.ID, "created_at": sub.CreatedAt.UTC()})
}

func (s *Server) deletePushSubscription(c *fiber.Ctx) error {
	var req struct {
		Endpoint string `json:"endpoint"`
	}
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	removed, err := s.store.DeletePushSubscription(c.UserContext(), principalOf(c).UserID, req.Endpoint)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"removed": removed})
}
