package server

import (
	"slices"

	"github.com/gofiber/fiber/v2"

	"gendan/models"
)

// access says who may call a route. Every route has one: a test fails when a
// registered route is missing from the authorization matrix.
type access struct {
	name      string
	public    bool
	signedURL bool
	oneRead   bool // the handler reads the caller's auth state with its data (auth.go)
	roles     []models.Role
}

var (
	// public routes need no token (login, health, the PWA itself).
	public = access{name: "public", public: true}
	// signedIn is any active user but qc; handlers scope data to a factory user's supplier.
	signedIn = access{name: "signed-in", roles: []models.Role{models.RoleAdmin, models.RoleMerchandiser, models.RoleFactory}}
	// withQC is signedIn plus inspectors (qc), on the routes an inspector
	// needs; handlers scope a qc user's data to its assigned suppliers.
	withQC = access{name: "signed-in incl. qc", roles: []models.Role{models.RoleAdmin, models.RoleMerchandiser, models.RoleFactory, models.RoleQC}}
	// withQCOneRead is withQC on a one-read route.
	withQCOneRead = access{name: "signed-in incl. qc", oneRead: true, roles: withQC.roles}
	// signedInOneRead is signedIn for the hottest reads, whose query brings
	// the caller's users row along (auth.go, "One-read routes").
	signedInOneRead = access{name: "signed-in", oneRead: true, roles: signedIn.roles}
	// staff is the buying company: merchandisers and admins.
	staff = access{name: "staff", roles: []models.Role{models.RoleAdmin, models.RoleMerchandiser}}
	// signedInOrURL also takes a signed photo URL in place of a token, for
	// <img> requests; the handler still checks the user's rights.
	signedInOrURL = access{name: "signed-in incl. qc or signed URL", signedURL: true, roles: withQC.roles}
	// staffDecides is for sample decisions: staff decide; the handler answers
	// a factory user 404 for another supplier's object, then 403.
	staffDecides = access{name: "staff (factory scoped 404, then 403)",
		roles: []models.Role{models.RoleAdmin, models.RoleMerchandiser, models.RoleFactory}}
	// adminOnly is for account and master-data management.
	adminOnly = access{name: "admin", roles: []models.Role{models.RoleAdmin}}
)

func (a access) allows(r models.Role) bool { return a.public || slices.Contains(a.roles, r) }

const (
	jsonLimit = 1 << 20 // default JSON body limit
	tinyLimit = 8 << 10 // auth bodies: a login needs no more
)

type route struct {
	method  string
	path    string
	access  access
	limit   int // request body limit in bytes
	handler fiber.Handler
}

// routeTable is the whole API on one screen.
func (s *Server) routeTable() []route {
	rs := []route{
		{"GET", "/healthz", public, 0, s.healthz},
		{"GET", "/readyz", public, 0, s.readyz},
		{"GET", "/api/openapi.yaml", public, 0, s.openAPI},

		{"POST", "/api/v1/auth/login", public, tinyLimit, s.login},
		{"POST", "/api/v1/auth/refresh", public, tinyLimit, s.refresh},
		{"POST", "/api/v1/auth/logout", public, tinyLimit, s.logout},

		{"GET", "/api/v1/me", withQC, 0, s.getMe},
		{"PATCH", "/api/v1/me", withQC, tinyLimit, s.patchMe},

		{"GET", "/api/v1/suppliers", signedIn, 0, s.listSuppliers},
		{"POST", "/api/v1/suppliers", adminOnly, jsonLimit, s.createSupplier},
		{"GET", "/api/v1/suppliers/:id", signedIn, 0, s.getSupplier},
		{"PATCH", "/api/v1/suppliers/:id", adminOnly, jsonLimit, s.patchSupplier},
		{"GET", "/api/v1/suppliers/:id/switching", staff, 0, s.listSwitching},
		{"POST", "/api/v1/suppliers/:id/switching/resume", adminOnly, tinyLimit, s.resumeSwitching},
		{"GET", "/api/v1/suppliers/:id/scorecard", signedIn, 0, s.getScorecard},

		{"POST", "/api/v1/photos", withQC, photoBodyLimit, s.uploadPhoto},
		{"GET", "/api/v1/photos/:id", signedInOrURL, 0, s.getPhoto},

		{"GET", "/api/v1/customers", staff, 0, s.listCustomers},
		{"POST", "/api/v1/customers", staff, jsonLimit, s.createCustomer},
		{"PATCH", "/api/v1/customers/:id", staff, jsonLimit, s.patchCustomer},

		{"GET", "/api/v1/templates", staff, 0, s.listTemplates},
		{"POST", "/api/v1/templates", adminOnly, jsonLimit, s.createTemplate},
		{"GET", "/api/v1/templates/:id", staff, 0, s.getTemplate},
		{"PATCH", "/api/v1/templates/:id", adminOnly, jsonLimit, s.patchTemplate},

		{"GET", "/api/v1/orders", withQC, 0, s.listOrders},
		{"POST", "/api/v1/orders", staff, jsonLimit, s.createOrder},
		{"GET", "/api/v1/orders/import/template.xlsx", staff, 0, s.importTemplate},
		{"POST", "/api/v1/orders/import", staff, importBodyLimit, s.importOrders},
		{"GET", "/api/v1/orders/export.xlsx", staff, 0, s.exportOrders},
		{"GET", "/api/v1/orders/export/wip", staff, 0, s.exportWIP},
		{"GET", "/api/v1/orders/:id", withQCOneRead, 0, s.getOrder},
		{"PATCH", "/api/v1/orders/:id", staff, jsonLimit, s.patchOrder},
		{"POST", "/api/v1/orders/:id/confirm", staff, tinyLimit, s.confirmOrder},
		{"POST", "/api/v1/orders/:id/cancel", staff, tinyLimit, s.cancelOrder},
		{"GET", "/api/v1/orders/:id/revisions", signedIn, 0, s.listRevisions},
		{"GET", "/api/v1/orders/:id/milestones", withQCOneRead, 0, s.listMilestones},
		{"GET", "/api/v1/orders/:id/activity", signedIn, 0, s.listActivity},
		{"GET", "/api/v1/orders/:id/comments", signedIn, 0, s.listComments},
		{"POST", "/api/v1/orders/:id/comments", signedIn, jsonLimit, s.createComment},
		{"GET", "/api/v1/orders/:id/samples", signedIn, 0, s.listSamples},
		{"POST", "/api/v1/orders/:id/samples", signedIn, jsonLimit, s.submitSample},

		{"GET", "/api/v1/orders/:id/inspections", withQC, 0, s.listOrderInspections},
		{"POST", "/api/v1/orders/:id/inspections", signedIn, jsonLimit, s.bookInspection},

		{"GET", "/api/v1/aql", withQC, 0, s.aqlPlan},
		{"GET", "/api/v1/defect-codes", withQC, 0, s.listDefectCodes},
		{"POST", "/api/v1/defect-codes", adminOnly, jsonLimit, s.createDefectCode},
		{"GET", "/api/v1/inspections", withQC, 0, s.listInspections},
		{"GET", "/api/v1/inspectors", staff, 0, s.listInspectors},
		{"GET", "/api/v1/inspections/:id", withQC, 0, s.getInspection},
		{"POST", "/api/v1/inspections/:id/confirm", staff, tinyLimit, s.confirmInspection},
		{"POST", "/api/v1/inspections/:id/assign", staff, tinyLimit, s.assignInspection},
		{"POST", "/api/v1/inspections/:id/cancel", signedIn, tinyLimit, s.cancelInspection},
		{"POST", "/api/v1/inspections/:id/complete", withQC, jsonLimit, s.completeInspection},
		{"POST", "/api/v1/inspections/:id/override", staff, tinyLimit, s.overrideInspection},
		// Deliveries (docs/DELIVERIES.md): warehouses and their days, bookings, shipments, packing lists.
		{"GET", "/api/v1/warehouses", signedIn, 0, s.listWarehouses},
		{"POST", "/api/v1/warehouses", adminOnly, jsonLimit, s.createWarehouse},
		{"PATCH", "/api/v1/warehouses/:id", adminOnly, jsonLimit, s.updateWarehouse},
		{"GET", "/api/v1/warehouses/:id/availability", signedIn, 0, s.warehouseAvailability},
		{"GET", "/api/v1/orders/:id/deliveries", signedIn, 0, s.listOrderDeliveries},
		{"POST", "/api/v1/orders/:id/deliveries", signedIn, jsonLimit, s.bookDelivery},
		{"GET", "/api/v1/deliveries", signedIn, 0, s.listDeliveries},
		{"GET", "/api/v1/deliveries/:id", signedIn, 0, s.getDelivery},
		{"POST", "/api/v1/deliveries/:id/confirm", staff, tinyLimit, s.confirmDelivery},
		{"POST", "/api/v1/deliveries/:id/reschedule", staff, tinyLimit, s.rescheduleDelivery},
		{"POST", "/api/v1/deliveries/:id/reject", staff, tinyLimit, s.rejectDelivery},
		{"POST", "/api/v1/deliveries/:id/cancel", signedIn, tinyLimit, s.cancelDelivery},
		{"POST", "/api/v1/deliveries/:id/ship", signedIn, jsonLimit, s.shipDelivery},
		{"POST", "/api/v1/deliveries/:id/receive", staff, jsonLimit, s.receiveDelivery},
		{"PUT", "/api/v1/deliveries/:id/packing-list", signedIn, jsonLimit, s.savePacking},
		{"POST", "/api/v1/deliveries/:id/packing-list/import", signedIn, importBodyLimit, s.importPackingList},
		{"GET", "/api/v1/deliveries/:id/packing-list.xlsx", signedIn, 0, s.exportPackingList},

		{"GET", "/api/v1/sample-types", signedIn, 0, s.listSampleTypes},
		{"POST", "/api/v1/sample-types", adminOnly, jsonLimit, s.createSampleType},
		{"GET", "/api/v1/samples/:id", signedIn, 0, s.getSample},
		{"POST", "/api/v1/samples/:id/approve", staffDecides, jsonLimit, s.decideSample(models.SampleApproved)},
		{"POST", "/api/v1/samples/:id/approve-with-comments", staffDecides, jsonLimit, s.decideSample(models.SampleApprovedWithComments)},
		{"POST", "/api/v1/samples/:id/reject", staffDecides, jsonLimit, s.decideSample(models.SampleRejected)},
		{"GET", "/api/v1/approvals", staff, 0, s.listApprovals},
		{"GET", "/api/v1/dashboard/counts", staff, 0, s.dashboardCounts},
		// Delivery risk (docs/RISK.md): the dashboard, an order's risk, the Today list, chase logs.
		{"GET", "/api/v1/dashboard", staff, 0, s.dashboard},
		{"GET", "/api/v1/orders/:id/risk", staff, 0, s.orderRisk},
		{"GET", "/api/v1/today", staff, 0, s.today},
		{"GET", "/api/v1/chases", staff, 0, s.listChases},
		{"POST", "/api/v1/chases", staff, jsonLimit, s.createChase},
		// Customer status links (docs/STATUS_LINKS.md): staff make and revoke them; the token is the key.
		{"GET", "/api/v1/orders/:id/links", staff, 0, s.listLinks},
		{"POST", "/api/v1/orders/:id/links", staff, jsonLimit, s.createLink},
		{"DELETE", "/api/v1/orders/:id/links/:link_id", staff, tinyLimit, s.revokeLink},
		{"GET", "/api/v1/public/status/:token", public, 0, s.publicStatus},
		{"GET", "/api/v1/public/status/:token/photos/:photo_id", public, 0, s.publicPhoto},

		{"PATCH", "/api/v1/milestones/:id", staff, tinyLimit, s.patchMilestone},
		{"POST", "/api/v1/milestones/:id/complete", staff, tinyLimit, s.completeMilestone},
		{"POST", "/api/v1/milestones/:id/skip", staff, tinyLimit, s.skipMilestone},
		{"GET", "/api/v1/milestones/:id/reports", signedIn, 0, s.listReports},
		{"POST", "/api/v1/milestones/:id/reports", signedIn, jsonLimit, s.createReport},
		{"POST", "/api/v1/reports/:id/correct", staff, tinyLimit, s.correctReport},

		// In-app notifications (docs/NOTIFICATIONS.md): each user their own.
		{"GET", "/api/v1/notifications", withQC, 0, s.listNotifications},
		{"GET", "/api/v1/notifications/unread-count", withQC, 0, s.unreadNotifications},
		{"POST", "/api/v1/notifications/read-all", withQC, tinyLimit, s.readAllNotifications},
		{"POST", "/api/v1/notifications/:id/read", withQC, tinyLimit, s.readNotification},
		{"GET", "/api/v1/notification-failures", adminOnly, 0, s.listFailedSends},
		{"POST", "/api/v1/notification-failures/:id/retry", adminOnly, 0, s.retrySend},
		{"GET", "/api/v1/escalation-steps", staff, 0, s.getLadder},
		{"PUT", "/api/v1/escalation-steps", adminOnly, jsonLimit, s.putLadder},
		{"GET", "/api/v1/orders/:id/escalations", staff, 0, s.listEscalations},
		{"GET", "/api/v1/me/notification-settings", withQC, 0, s.getNotifySettings},
		{"PUT", "/api/v1/me/notification-settings", withQC, tinyLimit, s.putNotifySettings},
		{"GET", "/api/v1/robots", signedIn, 0, s.listRobots},
		{"POST", "/api/v1/robots", signedIn, jsonLimit, s.createRobot},
		{"DELETE", "/api/v1/robots/:id", signedIn, tinyLimit, s.deleteRobot},
		{"GET", "/api/v1/push/key", withQC, 0, s.pushKey},
		{"POST", "/api/v1/push/subscriptions", withQC, tinyLimit, s.savePushSubscription},
		{"DELETE", "/api/v1/push/subscriptions", withQC, tinyLimit, s.deletePushSubscription},

		{"GET", "/api/v1/users", adminOnly, 0, s.listUsers},
		{"POST", "/api/v1/users", adminOnly, jsonLimit, s.createUser},
		{"PATCH", "/api/v1/users/:id", adminOnly, jsonLimit, s.patchUser},
	}
	// Material follow-up (docs/MATERIALS.md), one table per part.
	rs = append(rs, s.materialReqRoutes()...)
	rs = append(rs, s.materialPORoutes()...)
	rs = append(rs, s.materialInspectionRoutes()...)
	// After-sales (docs/AFTERSALES.md), one table per part.
	rs = append(rs, s.complaintRoutes()...)
	rs = append(rs, s.resolutionRoutes()...)
	return append(rs, s.closingRoutes()...)
}

// wrap puts a route's rules in front of its handler: body limit, sign-in,
// role, then idempotency for writes.
func (s *Server) wrap(r route) fiber.Handler {
	write := r.method != fiber.MethodGet && r.method != fiber.MethodHead
	return func(c *fiber.Ctx) error {
		if err := bodyLimit(c, r.limit); err != nil {
			return err
		}
		if r.access.public {
			return r.handler(c)
		}
		if r.access.oneRead {
			return s.oneRead(c, r)
		}
		var p *Principal
		var err error
		if r.access.signedURL && c.Query("sig") != "" {
			p, err = s.authenticatePhotoURL(c)
		} else {
			p, err = s.authenticate(c)
		}
		if err != nil {
			return err
		}
		if !r.access.allows(p.Role) {
			return errForbidden
		}
		if write && c.Get(headerIdempotencyKey) != "" {
			return s.idempotent(c, p, r.handler)
		}
		return r.handler(c)
	}
}

// Routes lists method, path and access rule name of every route (for tests
// and the OpenAPI check).
func (s *Server) Routes() [][3]string {
	out := make([][3]string, 0, len(s.routes))
	for _, r := range s.routes {
		out = append(out, [3]string{r.method, r.path, r.access.name})
	}
	return out
}
