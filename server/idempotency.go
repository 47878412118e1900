package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

const headerIdempotencyKey = "Idempotency-Key"

// idempotent runs a write at most once per (user, Idempotency-Key). The
// record lives in the database, so a retry that reaches another node, or the
// same node after a restart, is answered from it.
func (s *Server) idempotent(c *fiber.Ctx, p *Principal, next fiber.Handler) error {
	key := c.Get(headerIdempotencyKey)
	if len(key) > 255 || !printableASCII(key) {
		return apiError(fiber.StatusBadRequest, "invalid_idempotency_key", "Idempotency-Key must be 1–255 printable ASCII characters.")
	}
	hash := requestHash(c.Method(), c.OriginalURL(), c.Body())

	deadline := time.Now().Add(s.idemWait)
	for {
		rec, claimed, err := s.store.ClaimIdempotencyKey(c.UserContext(), p.UserID, key, c.Method(), c.Path(), hash)
		if err != nil {
			return err
		}
		if claimed {
			return s.runClaimed(c, rec, next)
		}
		if rec.RequestHash != hash {
			return apiError(fiber.StatusUnprocessableEntity, "idempotency_key_reused",
				"This Idempotency-Key was used for a different request.")
		}
		if rec.Status != 0 {
			return replay(c, rec)
		}
		// The first request is still running: wait for its answer a while.
		if time.Now().After(deadline) {
			return apiError(fiber.StatusConflict, "idempotency_in_flight",
				"A request with this Idempotency-Key is still being processed; retry shortly.")
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func (s *Server) runClaimed(c *fiber.Ctx, rec *models.IdempotencyKey, next fiber.Handler) error {
	// The claim must be settled even if the client goes away or the handler panics.
	bg, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}()
	if err != nil {
		// Write the error response now so it can be stored like any other.
		_ = s.writeError(c, err)
	}
	status := c.Response().StatusCode()
	if status >= 500 {
		// A server-side failure is not an answer: the retry runs again.
		if rerr := s.store.ReleaseIdempotencyKey(bg, rec.ID); rerr != nil {
			s.log.Error("release idempotency key", slog.Any("err", rerr))
		}
		return nil
	}
	body := append([]byte(nil), c.Response().Body()...)
	if cerr := s.store.CompleteIdempotencyKey(bg, rec.ID, status, string(c.Response().Header.ContentType()), body); cerr != nil {
		s.log.Error("complete idempotency key", slog.Any("err", cerr))
	}
	return nil
}

// requestHash identifies a request: the same key with another method, URL or
// body is a different request.
func requestHash(method, url string, body []byte) string {
	sum := sha256.New()
	fmt.Fprintf(sum, "%s\n%s\n", method, url)
	sum.Write(body)
	return hex.EncodeToString(sum.Sum(nil))
}

func replay(c *fiber.Ctx, rec *models.IdempotencyKey) error {
	c.Set("Idempotent-Replayed", "true")
	if rec.ContentType != "" {
		c.Set(fiber.HeaderContentType, rec.ContentType)
	}
	return c.Status(rec.Status).Send(rec.ResponseBody)
}

func printableASCII(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
