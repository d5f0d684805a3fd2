//! Which folders a build may replace (O01, O02, issue 22): links, home and system folders, the
//! course's own folders, and files in our own output that no build wrote. The home and system
//! rules run on throwaway trees through the `Places` seam; nothing here touches a real system
//! or home folder.

use std::path::{Path, PathBuf};
use std::process::Output;

use syllabus::build::guard::{Places, Target, check_output_dir, homes_in_passwd, system_folders};

use crate::harness::{SiteTest, snapshot};

/// Runs the real binary in the course with `args`, and with `HOME` unset (as in some CI and
/// service environments), so only the user database and the folder itself can tell a home.
fn run_without_home(site: &SiteTest, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_syllabus"))
        .args(args)
        .env_remove("HOME")
        .current_dir(&site.root)
        .output()
        .expect("run syllabus")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[cfg(unix)]
#[test]
fn r22_a_linked_output_is_built_where_the_link_leads_and_the_link_stays() {
    // The case: real/ holds a site and the author's uploads/photo.txt, and
    // deploy/site links to it. Building through the link once replaced the link with a folder,
    // deleted every folder of real/ (uploads/ too) and left a stale index.html.
    let site = SiteTest::fixture("basic");
    let base = site.root.parent().unwrap().to_path_buf();
    let real = base.join("real");
    let built = site.run(&["build", "--output", real.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    write(&real.join("uploads/photo.txt"), "a photo");
    std::fs::create_dir_all(base.join("deploy")).unwrap();
    let link = base.join("deploy/site");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let before = snapshot(&real);

    let refused = site.run(&["build", "--output", link.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("uploads/photo.txt is not a file Syllabus wrote"),
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains(&format!(
            "(the folder it leads to, {})",
            real.canonicalize().unwrap().display()
        )),
        "the error says where the link leads: {}",
        stderr(&refused)
    );
    assert_eq!(snapshot(&real), before, "nothing in real/ was touched");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());

    // Kept by site.toml, the photo stays, and the site is replaced in real/, through the link.
    let site = site
        .write(
            "site.toml",
            "title = \"Fixture Course\"\nid = \"fixture\"\nkeep = [\"uploads\"]\n",
        )
        .write(
            "content/01-first/01-alpha.md",
            "---\ntitle: Alpha again\n---\nNew text.\n",
        );
    let built = site.run(&["build", "--output", link.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link is still a link"
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), real);
    assert_eq!(
        std::fs::read_to_string(real.join("uploads/photo.txt")).unwrap(),
        "a photo"
    );
    let alpha = std::fs::read_to_string(real.join("first/alpha.html")).unwrap();
    assert!(alpha.contains("Alpha again"), "the new site is in real/");
    let leftovers: Vec<_> = std::fs::read_dir(base.join("deploy"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["site"], "nothing else was made beside the link");
}

#[cfg(unix)]
#[test]
fn r22_a_dangling_link_as_output_is_refused() {
    let site = SiteTest::fixture("basic");
    let link = site.root.parent().unwrap().join("site");
    std::os::unix::fs::symlink("/nonexistent/syllabus-target", &link).unwrap();
    let out = site.run(&["build", "--force", "--output", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is a symbolic link to /nonexistent/syllabus-target"),
        "{}",
        stderr(&out)
    );
    assert!(
        std::fs::symlink_metadata(&link).unwrap().is_symlink(),
        "the link is untouched"
    );
}

#[cfg(unix)]
#[test]
fn r22_a_home_of_only_dotfiles_is_refused_without_home_set_and_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    // With HOME unset, a home folder holding only dotfiles used to be taken as an output
    // without --force (dotfiles are carried over), replaced, and left readable by all.
    let site = SiteTest::fixture("basic");
    let home = site.root.parent().unwrap().join("kim");
    write(&home.join(".bashrc"), "alias ll='ls -l'\n");
    write(&home.join(".ssh/id_ed25519"), "secret key\n");
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let before = snapshot(&home);
    for args in [&["build"][..], &["build", "--force"]] {
        let mut args = args.to_vec();
        args.extend(["--output", home.to_str().unwrap()]);
        let out = run_without_home(&site, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("so it looks like someone's home folder"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(snapshot(&home), before);
    let mode = std::fs::metadata(&home).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[cfg(unix)]
#[test]
fn r22_a_replaced_output_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let site = SiteTest::fixture("basic");
    let out = site.root.parent().unwrap().join("site");
    std::fs::create_dir(&out).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o750)).unwrap();
    for _ in 0..2 {
        let run = site.run(&["build", "--output", out.to_str().unwrap()]);
        assert!(run.status.success(), "{}", stderr(&run));
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o750, "the new site has the old folder's permissions");
    }
}

#[test]
fn r22_the_courses_own_folders_are_refused_even_with_force() {
    let site = SiteTest::fixture("basic")
        .write(".git/HEAD", "ref: refs/heads/main\n")
        .write(".github/workflows/ci.yml", "on: push\n")
        .write("themes/default/templates/lesson.html", "{{ lesson.title }}")
        .write("notes/plan.md", "my plan\n");
    let before = snapshot(&site.root);
    for (out, says) in [
        (".git", "hidden folder .git"),
        (".git/refs", "hidden folder .git"),
        (".github", "hidden folder .github"),
        ("themes", "themes/ folder"),
        ("themes/default", "themes/ folder"),
        (
            "notes",
            "a folder inside the course that Syllabus did not create",
        ),
    ] {
        let run = site.run(&["build", "--force", "--output", out]);
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{out}: {err}");
        assert!(err.contains(says), "{out}: {err}");
    }
    assert_eq!(
        snapshot(&site.root),
        before,
        "nothing in the course changed"
    );

    // The course's own output folder, and a new or empty folder in it, are fine.
    std::fs::create_dir(site.root.join("empty")).unwrap();
    for out in ["public", "empty", "site-copy"] {
        let run = site.run(&["build", "--force", "--output", out]);
        assert!(run.status.success(), "{out}: {}", stderr(&run));
    }
}

/// A throwaway machine: a filesystem root with system folders, homes in a fake user database,
/// and a course.
struct FakeMachine {
    _dir: tempfile::TempDir,
    root: PathBuf,
    places: Places,
}

impl FakeMachine {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let passwd = format!(
            "root:x:0:0:root:{r}/root:/bin/bash\nwww-data:x:33:33:www-data:{r}/var/www:/usr/sbin/nologin\npat:x:1000:1000:Pat:{r}/home/pat:/bin/bash\nkim:x:1001:1001:Kim:{r}/srv/people/kim:/bin/zsh\n",
            r = root.display()
        );
        for f in [
            "etc/hosts",
            "usr/bin/ls",
            "home/pat/thesis.docx",
            "srv/people/kim/notes.txt",
        ] {
            write(&root.join(f), "x");
        }
        write(&root.join("work/course/site.toml"), "title = \"C\"\n");
        let places = Places {
            system: system_folders(&root),
            homes: homes_in_passwd(&passwd),
        };
        FakeMachine {
            _dir: dir,
            root,
            places,
        }
    }

    fn check(&self, output: &Path, force: bool) -> Result<(), String> {
        let course = self.root.join("work/course");
        let target = Target {
            writing: syllabus::build::guard::Writing::Site,
            output,
            root: &course,
            content: &course.join("content"),
            course_output: &course.join("public"),
            force,
            keep: &[],
        };
        check_output_dir(&target, &self.places).map_err(|e| format!("{e:#}"))
    }
}

#[test]
fn r22_system_folders_and_every_users_home_are_refused_even_with_force() {
    let m = FakeMachine::new();
    for (out, says) in [
        ("etc", "it is the system folder"),
        ("usr", "it is the system folder"),
        ("usr/local", "it is the system folder"),
        ("home", "it is the system folder"),
        ("var/www", "it is the system folder"),
        ("home/pat", "it is the home folder"),
        ("srv/people/kim", "it is the home folder"),
        ("srv/people", "it is the home folder"),
        ("root", "it is the system folder"),
        ("work", "it holds the course itself"),
    ] {
        let err = m.check(&m.root.join(out), true).expect_err(out);
        assert!(err.contains(says), "{out}: {err}");
    }
    // Folders inside system folders, and new folders, are not system folders.
    for out in ["srv/site", "var/www/html", "tmp-site", "work/site"] {
        assert_eq!(m.check(&m.root.join(out), false), Ok(()), "{out}");
    }
}

#[test]
fn r22_a_folder_that_looks_like_a_home_is_refused_even_with_force() {
    let m = FakeMachine::new();
    for mark in [
        ".bashrc",
        ".profile",
        ".zshrc",
        ".ssh/known_hosts",
        ".bash_history",
    ] {
        let dir = m.root.join("srv/someone");
        let _ = std::fs::remove_dir_all(&dir);
        write(&dir.join(mark), "x");
        let err = m.check(&dir, true).expect_err(mark);
        assert!(
            err.contains("looks like someone's home folder"),
            "{mark}: {err}"
        );
    }
    // A folder holding only `.git` is a repository checkout to deploy into: allowed, as before.
    write(&m.root.join("srv/deploy/.git/HEAD"), "ref");
    assert_eq!(m.check(&m.root.join("srv/deploy"), false), Ok(()));
}
