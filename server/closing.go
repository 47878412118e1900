package server

// closingRoutes are the routes of after-sales' invoices, payments, receivables and closing an order (docs/AFTERSALES.md).
func (s *Server) closingRoutes() []route {
	return nil
}
