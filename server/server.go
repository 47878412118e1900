// Package server is Gendan's HTTP layer: the route table, middleware, the
// error handler and one file of handlers per resource.
package server

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
	"gendan/ratelimit"
	"gendan/server/photo"
	"gendan/storage"
)

// Options configure a Server.
type Options struct {
	Store          *models.Store
	DB             *models.DB
	Tokens         *TokenIssuer
	Log            *slog.Logger
	Clock          models.Clock
	BaseURL        string
	TrustedProxies []string
	// IdempotencyWait is how long a duplicate request waits for the first one
	// with its key to finish before it is answered 409 (default 10 s).
	IdempotencyWait time.Duration
	// Frontend serves the PWA for non-API paths; nil serves nothing.
	Frontend fiber.Handler
	// Bucket keeps photos; Photos processes them (nil: one decode per CPU).
	Bucket storage.Bucket
	Photos *photo.Processor
	// PresignPhotos redirects photo reads to presigned object-store URLs
	// (S3 only); ImageOrigin is that store's origin, allowed by the CSP.
	PresignPhotos bool
	ImageOrigin   string
	// Limiter counts the public status page's requests (shared by every
	// node through the database; nil: one of this server's database).
	// LinkLimits are its limits (zero fields: DefaultLinkLimits) and
	// LinkCacheTTL how long a built status answer is reused (default 5 s).
	Limiter      RateLimiter
	LinkLimits   LinkLimits
	LinkCacheTTL time.Duration
	// PushPublicKey is the VAPID public key browsers subscribe with;
	// empty: Web Push is off.
	PushPublicKey string
}

// Server is one node's HTTP application.
type Server struct {
	app      *fiber.App
	store    *models.Store
	db       *models.DB
	tokens   *TokenIssuer
	log      *slog.Logger
	clock    models.Clock
	opts     Options
	ready    atomic.Bool
	idemWait time.Duration
	routes   []route
	methods  *methodIndex // the route table's methods per path, for 405
	bucket   storage.Bucket
	photos   *photo.Processor
	presign  bool
	csp      string

	limiter    RateLimiter
	linkLimits LinkLimits
	links      *linkCache
}

// maxBody is the transport's ceiling; each route sets its own lower limit.
const maxBody = 16 << 20

// New builds the Fiber app with every route registered.
func New(o Options) *Server {
	if o.Clock == nil {
		o.Clock = models.SystemClock{}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{store: o.Store, db: o.DB, tokens: o.Tokens, log: o.Log, clock: o.Clock, opts: o,
		idemWait: o.IdempotencyWait}
	s.bucket, s.photos, s.presign = o.Bucket, o.Photos, o.PresignPhotos
	if s.photos == nil {
		s.photos = photo.NewProcessor(0)
	}
	s.csp = contentSecurityPolicy(o.ImageOrigin)
	if o.Limiter == nil {
		// Exact on one node; a node of several passes its own, synced one.
		o.Limiter = ratelimit.New(o.Store.Gorm(), ratelimit.Options{Now: o.Clock.Now, Log: o.Log})
	}
	s.limiter, s.linkLimits, s.links = o.Limiter, o.LinkLimits.normalized(), newLinkCache(o.LinkCacheTTL)
	if s.idemWait <= 0 {
		s.idemWait = 10 * time.Second
	}
	cfg := fiber.Config{
		AppName:               "gendan",
		DisableStartupMessage: true,
		BodyLimit:             maxBody,
		ReadTimeout:           60 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		ErrorHandler:          s.writeError,
		ReadBufferSize:        16 << 10,
	}
	if len(o.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = o.TrustedProxies
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
	} else {
		// With no proxy to trust, X-Forwarded-Proto is not believed either.
		cfg.EnableTrustedProxyCheck = true
	}
	s.app = fiber.New(cfg)
	s.app.Use(s.outermost)
	s.routes = s.routeTable()
	for _, r := range s.routes {
		s.app.Add(r.method, r.path, s.wrap(r))
	}
	// Past every route: a known path with an unknown method is a 405.
	s.methods = newMethodIndex(s.routes)
	s.app.Use(s.methodNotAllowed)
	if o.Frontend != nil {
		s.app.Use(o.Frontend)
	}
	s.ready.Store(true)
	return s
}

// App is the Fiber application (for Listen and app.Test).
func (s *Server) App() *fiber.App { return s.app }

// SetReady flips /readyz; a draining node reports not ready first.
func (s *Server) SetReady(ok bool) { s.ready.Store(ok) }
