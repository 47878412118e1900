package server

// complaintRoutes are the routes of after-sales' complaints and corrective actions (docs/AFTERSALES.md).
func (s *Server) complaintRoutes() []route {
	return nil
}
