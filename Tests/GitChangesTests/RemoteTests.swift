// sealgate · GitChanges tests

import Testing
@testable import GitChanges

/// The repository's address, as reports name it: never with the credentials a remote URL can carry.
struct RemoteTests {
    @Test func theOriginsURLIsReadWithoutCredentials() throws {
        let fixture = try GitFixture()
        #expect(try fixture.open().remoteURL() == nil)
        try fixture.git("remote", "add", "origin", "https://ci:ghp_secret@github.example.com/acme/deploy.git")
        #expect(try fixture.open().remoteURL() == "https://github.example.com/acme/deploy.git")
        try fixture.git("remote", "add", "mirror", "git@github.example.com:acme/deploy.git")
        #expect(try fixture.open().remoteURL(named: "mirror") == "git@github.example.com:acme/deploy.git")
    }

    @Test func onlyTheAuthorityLosesItsUserInformation() {
        #expect(GitRepository.withoutCredentials("https://user:token@host/a@b/c.git") == "https://host/a@b/c.git")
        #expect(GitRepository.withoutCredentials("ssh://git@host:22/repo") == "ssh://host:22/repo")
        #expect(GitRepository.withoutCredentials("https://host/repo.git") == "https://host/repo.git")
        #expect(GitRepository.withoutCredentials("/srv/git/repo.git") == "/srv/git/repo.git")
    }
}
