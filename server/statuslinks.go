package server

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"gendan/models"
)

// Customer status links (docs/STATUS_LINKS.md): merchandisers make, list and
// revoke them; anyone holding a token reads the order's customer-safe status
// at GET /api/v1/public/status/:token, rate limited per link and, for
// tokens that do not exist, per IP.

// RateLimiter counts hits per key in fixed windows, shared by every node
// (package ratelimit).
type RateLimiter interface {
	Allow(key string, limit int, window time.Duration) (ok bool, retryAfter time.Duration)
	Blocked(key string, limit int, window time.Duration) (blocked bool, retryAfter time.Duration)
}

// LinkLimits are the public page's rate limits.
type LinkLimits struct {
	// PerLink requests per PerLinkWindow for one link, from any number of
	// IPs (an office behind one NAT shares an IP, so known links are not
	// limited per IP).
	PerLink       int
	PerLinkWindow time.Duration
	// MissesPerIP requests for tokens that do not exist per MissWindow
	// from one IP; past it every status request from that IP is refused
	// until the window ends, so a guesser learns nothing more.
	MissesPerIP int
	MissWindow  time.Duration
}

// DefaultLinkLimits are the limits of issue 15.
var DefaultLinkLimits = LinkLimits{PerLink: 120, PerLinkWindow: time.Minute, MissesPerIP: 20, MissWindow: 10 * time.Minute}

func (l LinkLimits) normalized() LinkLimits {
	d := DefaultLinkLimits
	if l.PerLink <= 0 {
		l.PerLink = d.PerLink
	}
	if l.PerLinkWindow <= 0 {
		l.PerLinkWindow = d.PerLinkWindow
	}
	if l.MissesPerIP <= 0 {
		l.MissesPerIP = d.MissesPerIP
	}
	if l.MissWindow <= 0 {
		l.MissWindow = d.MissWindow
	}
	return l
}

type linkDTO struct {
	ID             int64      `json:"id"`
	OrderID        int64      `json:"order_id"`
	RecipientName  string     `json:"recipient_name"`
	RecipientEmail string     `json:"recipient_email"`
	Language       string     `json:"language"`
	Sections       []string   `json:"sections"`
	ShowEmail      bool       `json:"show_email"`
	ShowPhone      bool       `json:"show_phone"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	CreatedBy      userRefDTO `json:"created_by"`
	ExpiresAt      time.Time  `json:"expires_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
	LastViewedAt   *time.Time `json:"last_viewed_at"`
	ViewCount      int64      `json:"view_count"`
	Actions        []string   `json:"actions"`
}

func (s *Server) linkDTO(l *models.StatusLink, names map[int64]string) linkDTO {
	st := l.Status(s.clock.Now())
	actions := []string{}
	if models.LinkCan(st, models.LinkRevoke) {
		actions = append(actions, string(models.LinkRevoke))
	}
	utc := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		u := t.UTC()
		return &u
	}
	return linkDTO{ID: l.ID, OrderID: l.OrderID, RecipientName: l.RecipientName, RecipientEmail: l.RecipientEmail,
		Language: l.Language, Sections: l.SectionList(), ShowEmail: l.ShowEmail, ShowPhone: l.ShowPhone, Status: st,
		CreatedAt: l.CreatedAt.UTC(), CreatedBy: userRefDTO{ID: l.CreatedBy, Name: names[l.CreatedBy]},
		ExpiresAt: l.ExpiresAt.UTC(), RevokedAt: utc(l.RevokedAt), LastViewedAt: utc(l.LastViewedAt),
		ViewCount: l.ViewCount, Actions: actions}
}

type linkRequest struct {
	RecipientName  string   `json:"recipient_name"`
	RecipientEmail string   `json:"recipient_email"`
	ExpiresInDays  *int     `json:"expires_in_days"`
	Language       string   `json:"language"`
	Sections       []string `json:"sections"`
	ShowEmail      *bool    `json:"show_email"`
	ShowPhone      *bool    `json:"show_phone"`
}

type createdLinkDTO struct {
	URL   string  `json:"url"`
	Token string  `json:"token"`
	Link  linkDTO `json:"link"`
}

// createLink answers the token once; only its hash is kept.
func (s *Server) createLink(c *fiber.Ctx) error {
	var req linkRequest
	id, err := idAndJSON(c, &req)
	if err != nil {
		return err
	}
	p := principalOf(c)
	l, token, err := s.store.CreateStatusLink(c.UserContext(), id, models.LinkInput{RecipientName: req.RecipientName,
		RecipientEmail: req.RecipientEmail, ExpiresInDays: req.ExpiresInDays, Language: req.Language,
		Sections: req.Sections, ShowEmail: req.ShowEmail, ShowPhone: req.ShowPhone}, p.UserID)
	if err != nil {
		return err
	}
	names, err := s.store.UserNames(c.UserContext(), []int64{l.CreatedBy})
	if err != nil {
		return err
	}
	base := s.opts.BaseURL
	if base == "" {
		base = c.BaseURL()
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(createdLinkDTO{URL: base + "/s/" + token, Token: token, Link: s.linkDTO(l, names)})
}

func (s *Server) listLinks(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	// Views counted since the last flush show at once on this node.
	s.links.flush(c.UserContext(), s)
	ls, err := s.store.ListStatusLinks(c.UserContext(), id)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(ls))
	for _, l := range ls {
		ids = append(ids, l.CreatedBy)
	}
	names, err := s.store.UserNames(c.UserContext(), ids)
	if err != nil {
		return err
	}
	out := make([]linkDTO, 0, len(ls))
	for i := range ls {
		out = append(out, s.linkDTO(&ls[i], names))
	}
	return c.JSON(fiber.Map{"items": out})
}

func (s *Server) revokeLink(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	linkID, err := paramID(c, "link_id")
	if err != nil {
		return err
	}
	l, err := s.store.RevokeStatusLink(c.UserContext(), id, linkID, principalOf(c).UserID)
	if err != nil {
		return err
	}
	s.links.forget(l.ID)
	names, err := s.store.UserNames(c.UserContext(), []int64{l.CreatedBy})
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"link": s.linkDTO(l, names)})
}

var errLinkExpired = apiError(fiber.StatusGone, "link_expired", "This link has expired or was withdrawn; ask your merchandiser for a new one.")

func rateLimited(wait time.Duration) *APIError {
	secs := int((wait + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return &APIError{Status: fiber.StatusTooManyRequests, Code: "rate_limited",
		Message: "Too many requests; wait " + strconv.Itoa(secs) + " seconds and try again.",
		Params:  map[string]any{"seconds": secs}, RetryAfter: secs}
}

// publicLink resolves the token of a public request to an active link,
// applying the rate limits.
func (s *Server) publicLink(c *fiber.Ctx) (*models.StatusLink, error) {
	lim := s.linkLimits
	missKey := "status-miss:" + c.IP()
	if blocked, wait := s.limiter.Blocked(missKey, lim.MissesPerIP, lim.MissWindow); blocked {
		return nil, rateLimited(wait)
	}
	token := c.Params("token")
	var l *models.StatusLink
	err := models.ErrNotFound
	if models.PlausibleLinkToken(token) {
		l, err = s.store.LinkByHash(c.UserContext(), models.HashLinkToken(token))
	}
	if errors.Is(err, models.ErrNotFound) {
		s.limiter.Allow(missKey, lim.MissesPerIP, lim.MissWindow)
		return nil, errNotFound
	} else if err != nil {
		return nil, err
	}
	if l.Status(s.clock.Now()) != models.LinkActive {
		return nil, errLinkExpired
	}
	if ok, wait := s.limiter.Allow("status-link:"+strconv.FormatInt(l.ID, 10), lim.PerLink, lim.PerLinkWindow); !ok {
		return nil, rateLimited(wait)
	}
	return l, nil
}

// publicHeaders go on every answer under /api/v1/public/ and on the page
// /s/…: nothing is cached, no referrer carries the token elsewhere, no
// search engine indexes it.
func publicHeaders(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set("X-Robots-Tag", "noindex")
}

func (s *Server) publicStatus(c *fiber.Ctx) error {
	l, err := s.publicLink(c)
	if err != nil {
		return err
	}
	lang := c.Query("lang", l.Language)
	if !slices.Contains(models.LinkLanguages, lang) {
		return models.Invalid("lang", "one_of", "allowed", "zh-CN, en")
	}
	s.links.viewed(l.ID, s.clock.Now())
	body, zipped, err := s.links.body(c, s, l, lang)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if zipped != nil && acceptsGzip(c.Get(fiber.HeaderAcceptEncoding)) {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		c.Response().SetBodyRaw(zipped)
		return nil
	}
	c.Response().SetBodyRaw(body)
	return nil
}

// publicPhoto serves an approved sample photo of the link's order; it
// stops working with the link.
func (s *Server) publicPhoto(c *fiber.Ctx) error {
	l, err := s.publicLink(c)
	if err != nil {
		return err
	}
	id, err := paramID(c, "photo_id")
	if err != nil {
		return err
	}
	size := c.Query("size", models.SizePreview)
	if size != models.SizePreview && size != models.SizeThumb {
		return models.Invalid("size", "one_of", "allowed", "thumb, preview")
	}
	ph, err := s.store.PublicPhotoOf(c.UserContext(), l, id)
	if err != nil {
		return err
	}
	key := ph.Key(size)
	rc, info, err := s.bucket.Open(c.UserContext(), key)
	if err != nil {
		return s.objectError(c, key, err)
	}
	c.Set(fiber.HeaderContentType, "image/jpeg")
	return c.SendStream(rc, int(info.Size))
}

// linkCache keeps each link's built answer for a few seconds (the page is
// read far more often than the order changes; "last updated" says how
// fresh it is) and the views counted since the last flush. The link row
// itself is read on every request, so expiry and revocation are never
// cached.
type linkCache struct {
	ttl   time.Duration
	mu    sync.Mutex
	m     map[linkKey]linkBody
	views map[int64]models.LinkViews
}

type linkKey struct {
	id   int64
	lang string
}

type linkBody struct {
	at           time.Time
	body, zipped []byte
}

// linkCacheMax bounds the cache; past it, stale entries go first, then all.
const linkCacheMax = 10000

func newLinkCache(ttl time.Duration) *linkCache {
	if ttl <= 0 {
		ttl = 5 * time.Second
	}
	return &linkCache{ttl: ttl, m: map[linkKey]linkBody{}, views: map[int64]models.LinkViews{}}
}

func (lc *linkCache) body(c *fiber.Ctx, s *Server, l *models.StatusLink, lang string) ([]byte, []byte, error) {
	k := linkKey{l.ID, lang}
	now := time.Now()
	lc.mu.Lock()
	e, ok := lc.m[k]
	lc.mu.Unlock()
	if ok && now.Sub(e.at) < lc.ttl {
		return e.body, e.zipped, nil
	}
	v, err := s.store.PublicStatusOf(c.UserContext(), l, lang)
	if err != nil {
		return nil, nil, err
	}
	if v.Samples != nil {
		token := c.Params("token")
		for i := range *v.Samples {
			sm := &(*v.Samples)[i]
			for _, id := range sm.PhotoIDs {
				base := "/api/v1/public/status/" + token + "/photos/" + strconv.FormatInt(id, 10) + "?size="
				sm.Photos = append(sm.Photos, models.PublicPhoto{Thumb: base + models.SizeThumb, Preview: base + models.SizePreview})
			}
		}
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, nil, err
	}
	e = linkBody{at: now, body: body}
	if len(body) >= gzipMin {
		e.zipped = fasthttp.AppendGzipBytesLevel(nil, body, fasthttp.CompressBestSpeed)
	}
	lc.mu.Lock()
	if len(lc.m) >= linkCacheMax {
		for key, old := range lc.m {
			if now.Sub(old.at) >= lc.ttl {
				delete(lc.m, key)
			}
		}
		if len(lc.m) >= linkCacheMax {
			clear(lc.m)
		}
	}
	lc.m[k] = e
	lc.mu.Unlock()
	return e.body, e.zipped, nil
}

// forget drops a link's answers (on revocation; the link row check would
// refuse them anyway).
func (lc *linkCache) forget(id int64) {
	lc.mu.Lock()
	for k := range lc.m {
		if k.id == id {
			delete(lc.m, k)
		}
	}
	lc.mu.Unlock()
}

func (lc *linkCache) viewed(id int64, now time.Time) {
	lc.mu.Lock()
	v := lc.views[id]
	v.Count++
	v.Last = now
	lc.views[id] = v
	lc.mu.Unlock()
}

// flush writes the views counted here to the links (the worker calls it
// every few seconds, and the link list before it reads).
func (lc *linkCache) flush(ctx context.Context, s *Server) {
	lc.mu.Lock()
	views := lc.views
	lc.views = map[int64]models.LinkViews{}
	lc.mu.Unlock()
	if len(views) == 0 {
		return
	}
	if err := s.store.AddLinkViews(ctx, views); err != nil {
		// Put them back for the next flush.
		lc.mu.Lock()
		for id, v := range views {
			cur := lc.views[id]
			cur.Count += v.Count
			if v.Last.After(cur.Last) {
				cur.Last = v.Last
			}
			lc.views[id] = cur
		}
		lc.mu.Unlock()
		s.log.Warn("status link views not saved", "err", err)
	}
}

// FlushLinkViews saves the status link views this node counted (the worker
// calls it every few seconds; a draining node calls it last).
func (s *Server) FlushLinkViews(ctx context.Context) { s.links.flush(ctx, s) }
