package server

import (
	"encoding/hex"
	"hash/crc32"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// sendJSON answers a JSON body the handler has already encoded, the way a
// slow phone link wants it: with an ETag (so an unchanged answer is a 304 to
// a revalidation) and gzip-compressed when the client accepts it and the
// body is worth it. Only the read paths that build their JSON by hand use
// it (the order list and order); their bodies are private per user, hence
// "private, no-cache": a browser may keep them and must revalidate.
//
// body is copied into the response, so the caller may reuse it (sendBuilt).
func sendJSON(c *fiber.Ctx, status int, body []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	if status != fiber.StatusOK {
		c.Status(status)
		c.Response().SetBody(body)
		return nil
	}
	tag := etagOf(body)
	c.Set(fiber.HeaderETag, tag)
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set(fiber.HeaderVary, "Authorization, Accept-Encoding")
	if inm := c.Get(fiber.HeaderIfNoneMatch); inm != "" && etagMatches(inm, strings.TrimPrefix(tag, "W/")) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	if len(body) >= gzipMin && acceptsGzip(c.Get(fiber.HeaderAcceptEncoding)) {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		// Cached bytes are never changed: the response may point at them.
		c.Response().SetBodyRaw(gzipped.get(tag, body))
		return nil
	}
	c.Response().SetBody(body)
	return nil
}

// sendBuilt answers the JSON build appends to a pooled buffer: a list page
// is ~45 KB, and a fresh buffer per request was most of what the garbage
// collector had to do.
func sendBuilt(c *fiber.Ctx, status int, build func([]byte) []byte) error {
	bp := bodyBuffers.Get().(*[]byte)
	b := build((*bp)[:0])
	err := sendJSON(c, status, b)
	if cap(b) <= 1<<20 {
		*bp = b[:0]
		bodyBuffers.Put(bp)
	}
	return err
}

var bodyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// gzipMin: below about a kilobyte compression saves less than a packet.
const gzipMin = 1024

var (
	crcC = crc32.MakeTable(crc32.Castagnoli)
)

// etagOf is a weak validator of a body: two CRC-32s (Castagnoli and IEEE,
// both computed by the CPU's own instructions) and the length. The same
// body gives the same tag on every node.
func etagOf(body []byte) string {
	var sum [12]byte
	c, i, n := crc32.Checksum(body, crcC), crc32.ChecksumIEEE(body), uint32(len(body))
	for k := 0; k < 4; k++ {
		sum[k], sum[4+k], sum[8+k] = byte(c>>(8*k)), byte(i>>(8*k)), byte(n>>(8*k))
	}
	return `W/"` + hex.EncodeToString(sum[:]) + `"`
}

// acceptsGzip reads Accept-Encoding ("gzip" listed without q=0).
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipped keeps the compressed form of the last bodies by ETag: the same
// list asked for again (another phone of the same factory, a reload) is not
// compressed again. Bounded in entries and bytes; oldest out first.
var gzipped = &gzipCache{max: 256, maxBytes: 8 << 20, m: map[string][]byte{}}

type gzipCache struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	bytes    int
	m        map[string][]byte
	order    []string
}

func (g *gzipCache) get(tag string, body []byte) []byte {
	g.mu.Lock()
	z, ok := g.m[tag]
	g.mu.Unlock()
	if ok {
		return z
	}
	// Level 1: for dynamic answers the CPU matters more than the last few
	// percent of size (a 43 KB list page compresses to about a tenth).
	z = fasthttp.AppendGzipBytesLevel(nil, body, fasthttp.CompressBestSpeed)
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.m[tag]; !ok && len(z) <= g.maxBytes {
		for len(g.order) > 0 && (len(g.order) >= g.max || g.bytes+len(z) > g.maxBytes) {
			old := g.order[0]
			g.order = g.order[1:]
			g.bytes -= len(g.m[old])
			delete(g.m, old)
		}
		g.m[tag], g.order, g.bytes = z, append(g.order, tag), g.bytes+len(z)
	}
	return z
}
