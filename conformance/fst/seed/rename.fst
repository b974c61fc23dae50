# rename(2): EXDEV for lower and merged directories, files of every origin, EINVAL into itself.
lower mkdir ld 0755
lower create ld/f 0644 "in lower dir"
lower create lf 0644 "lower file"
lower mkdir md 0755
lower create md/x 0644
upper mkdir md 0755
upper mkdir ud 0755
upper create ud/uf 0600 "upper file"
mount

# A directory that is not purely upper cannot be renamed (no redirects in 2011; pinned off on the kernel).
expect EXDEV rename ld ld2
expect EXDEV rename md md2
expect 0 rename ud ud2
expect ENOENT stat ud type
expect uf readdir ud2
# A lower file is copied up and renamed; its old name is whited out.
expect 0 rename lf lf2
expect ENOENT stat lf type
expect "lower file" open lf2 O_RDONLY : read 0 100
expect 0 rename ld/f ud2/f
expect "in lower dir" open ud2/f O_RDONLY : read 0 100
expect "" readdir ld
expect EINVAL rename ud2 ud2/sub
expect 0 rename ud2/uf ud2/f
expect f readdir ud2
