package server

import (
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Frontend serves the embedded PWA. Hashed build assets are immutable; the
// entry page, the service worker and the manifest must be revalidated on
// every load so a deploy reaches phones. Unknown non-API paths get
// index.html so the client-side router can take them.
func Frontend(dist fs.FS) fiber.Handler {
	index, _ := fs.ReadFile(dist, "index.html")
	return func(c *fiber.Ctx) error {
		p := c.Path()
		if strings.HasPrefix(p, "/api/") || p == "/api" {
			return errNotFound
		}
		if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
			return errNotFound
		}
		name := strings.TrimPrefix(path.Clean(p), "/")
		if name == "" {
			name = "index.html"
		}
		data, err := fs.ReadFile(dist, name)
		if err != nil {
			if path.Ext(name) != "" && name != "index.html" {
				// A missing file with an extension is a real 404, not a route.
				return errNotFound
			}
			name, data = "index.html", index
		}
		ct := mime.TypeByExtension(path.Ext(name))
		switch path.Ext(name) {
		case ".webmanifest":
			ct = "application/manifest+json"
		case ".js", ".mjs":
			ct = "text/javascript; charset=utf-8"
		case ".woff2":
			ct = "font/woff2"
		}
		if ct == "" {
			ct = "application/octet-stream"
		}
		c.Set(fiber.HeaderContentType, ct)
		if strings.HasPrefix(name, "assets/") {
			c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		} else {
			c.Set(fiber.HeaderCacheControl, "no-cache")
		}
		return c.Send(data)
	}
}
