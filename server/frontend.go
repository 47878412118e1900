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
// index.html so the client-side router can take them; a customer's status
// link (/s/<token>) gets the status page, a small entry of its own.
func Frontend(dist fs.FS) fiber.Handler {
	index, _ := fs.ReadFile(dist, "index.html")
	statusPage := "status.html"
	if _, err := fs.Stat(dist, statusPage); err != nil {
		statusPage = "index.html" // a build without it (the placeholder)
	}
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
		if strings.HasPrefix(p, statusPagePrefix) {
			name = statusPage
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
		// The build ships brotli and gzip twins of every text asset.
		if enc, packed := precompressed(dist, name, c.Get(fiber.HeaderAcceptEncoding)); packed != nil {
			c.Set(fiber.HeaderContentEncoding, enc)
			c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
			return c.Send(packed)
		} else if enc == "" && compressible(name) {
			c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
		}
		return c.Send(data)
	}
}

func compressible(name string) bool {
	switch path.Ext(name) {
	case ".js", ".mjs", ".css", ".html", ".svg", ".json", ".webmanifest":
		return true
	}
	return false
}

// precompressed returns the build's brotli or gzip twin of a file when the
// client accepts that encoding and the twin exists.
func precompressed(dist fs.FS, name, acceptEncoding string) (string, []byte) {
	if !compressible(name) || acceptEncoding == "" {
		return "", nil
	}
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(acceptEncoding, enc.token) {
			continue
		}
		if b, err := fs.ReadFile(dist, name+enc.ext); err == nil {
			return enc.token, b
		}
	}
	return "", nil
}

// acceptsEncoding reads an Accept-Encoding list, honouring q=0.
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(fields[0]), token) {
			continue
		}
		for _, p := range fields[1:] {
			if q := strings.TrimSpace(p); q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				return false
			}
		}
		return true
	}
	return false
}
