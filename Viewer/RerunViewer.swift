// The web viewer's static files, shipped as resources of the binary.
public import Foundation

/// Where the web viewer's files (`index.html`, `src/…`) are, inside the built product's resources.
public enum ViewerAssets {
    /// The directory holding `index.html` and `src/`.
    public static var directory: URL {
        Bundle.module.resourceURL ?? Bundle.module.bundleURL
    }
}
