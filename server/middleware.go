package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

var requestIDRe = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

const localRequestID = "request_id"

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// contentSecurityPolicy allows only the app's own origin: the PWA loads
// nothing from elsewhere, and no page may frame it. With presigned photo
// URLs the object store's origin may serve images too.
func contentSecurityPolicy(imageOrigin string) string {
	img := "'self' data: blob:"
	if imageOrigin != "" {
		img += " " + imageOrigin
	}
	return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
		"img-src " + img + "; font-src 'self' data:; connect-src 'self'; worker-src 'self'; " +
		"manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
}

// outermost assigns the request id, sets the security headers, recovers
// panics, turns errors into responses and writes the access log line.
func (s *Server) outermost(c *fiber.Ctx) (err error) {
	start := time.Now()
	id := c.Get(fiber.HeaderXRequestID)
	if !requestIDRe.MatchString(id) {
		id = newRequestID()
	}
	c.Locals(localRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderContentSecurityPolicy, s.csp)
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
	if c.Protocol() == "https" {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}

	err = s.safeNext(c)
	if err != nil {
		err = s.writeError(c, err)
	}
	if isCapabilityPath(c.Path()) {
		// Last, so that no handler's cache header outlives it: answers
		// under a status link's token are never stored or indexed.
		publicHeaders(c)
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("method", c.Method()),
		slog.String("path", logPath(c.Path())), // never the query, nor a status link's token
		slog.Int("status", status),
		slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int("bytes", len(c.Response().Body())),
		slog.String("ip", c.IP()),
	}
	if p := principalOf(c); p != nil {
		attrs = append(attrs, slog.Int64("user_id", p.UserID))
	}
	s.log.LogAttrs(c.UserContext(), level, "http", attrs...)
	return err
}

// safeNext runs the rest of the chain and turns a panic into an error.
func (s *Server) safeNext(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", slog.String("request_id", requestID(c)), slog.Any("panic", r),
				slog.String("stack", string(debug.Stack())))
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return c.Next()
}

// bodyLimit answers 413 when a request body is larger than the route allows.
func bodyLimit(c *fiber.Ctx, limit int) error {
	if n := c.Request().Header.ContentLength(); n > limit || len(c.Body()) > limit {
		return apiError(fiber.StatusRequestEntityTooLarge, "payload_too_large",
			fmt.Sprintf("The request body is larger than %d bytes.", limit))
	}
	return nil
}

// Paths that carry a status link's token: the customer's page and its API.
const (
	statusPagePrefix = "/s/"
	statusAPIPrefix  = "/api/v1/public/status/"
)

func isCapabilityPath(p string) bool {
	return strings.HasPrefix(p, statusPagePrefix) || strings.HasPrefix(p, statusAPIPrefix)
}

// logPath is a request path fit for a log: a status link's token (the
// segment after /s/ or /api/v1/public/status/) is replaced by "…", so a
// log reader cannot open the link.
func logPath(p string) string {
	for _, prefix := range []string{statusPagePrefix, statusAPIPrefix} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			if _, tail, found := strings.Cut(rest, "/"); found {
				return prefix + "…/" + tail
			}
			return prefix + "…"
		}
	}
	return p
}
