package server

// resolutionRoutes are the routes of after-sales' the resolutions of complaints (docs/AFTERSALES.md).
func (s *Server) resolutionRoutes() []route {
	return nil
}
