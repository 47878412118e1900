package server

// materialReqRoutes are the routes of material follow-up's requirements, material suppliers and order sourcing (docs/MATERIALS.md).
func (s *Server) materialReqRoutes() []route {
	return nil
}
