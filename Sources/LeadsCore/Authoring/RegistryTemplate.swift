/// What `leads init` writes: a config listing every default, and a README on the format.
public enum RegistryTemplate {
  public static let config = """
    # Registry-wide settings for `leads`. Every key is optional; the values below are the defaults.
    version: 1

    # stale-owner: a lead or backup with no commit anywhere in the repository for this long.
    stale_after: 90 days
    # forgotten-lead: no activity of the lead on the post (its paths, its lead file, its trailer) for this long.
    forgotten_after: 60 days
    # unrotated-post: the longest a lead should hold a post; an entry's rotate_after overrides it.
    rotate_after: 365 days
    # silo: the lead authored at least `share` percent of the post's commits within `window`,
    # and the post had at least `min_commits` commits in that window.
    silo:
      window: 90 days
      share: 80
      min_commits: 10
    # overloaded-lead: the most posts one person should lead.
    max_posts: 3

    codeowners:
      # file: .github/CODEOWNERS   # default: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS
      flavor: github               # github or gitlab

    # coverage:
    #   minimum: 80                       # least share of tracked files with owners, in percent
    #   baseline: registry/coverage-baseline.txt   # unowned files tolerated for now

    # Severity per rule id: error, warning, note or off. `leads rules` lists the ids.
    rules: {}

    """

  public static let readme = """
    # Registry

    Who leads what in this repository, checked by `leads`. Every `*.md` file here other than this README
    is an entry: a service, an initiative or a person, written as Markdown with YAML front matter.

    ```markdown
    ---
    kind: service
    title: User Checkout
    lead: anna               # a person id, an email, or an @handle
    backup: [andy]
    paths:
      - /services/checkout/
    ---
    Notes for humans.
    ```

    - `leads new service ID --lead PERSON --path PATTERN` adds a post; `leads new person ID --email EMAIL` a person.
    - `leads rotate POST --to PERSON` hands a post over; `leads checkin POST` records that its lead checked in.
    - `leads lint` checks everything; `leads show` lists every post with what history says.

    `leads.yml` holds the registry-wide settings, with every default written out.

    """
}
